#!/usr/bin/env python3
"""The Python reference of `swa benchmark pose-decode`: pose-format's reader, timed on the same files.

    PYTHONPATH=DIR python3 bench/pose_peer.py --files files.txt --rounds 10 --repeats 5

Reads every listed .pose file into memory once, then decodes the bytes with `Pose.read` (all frames), --rounds
passes over all files per measurement, after one uncounted pass, --repeats measurements. Prints one JSON line:
{"files": N, "bytes": B, "seconds": [one figure per measurement]}. PYTHONPATH names the folder that holds the
`pose_format` package (e.g. src/python of a checkout of sign-language-processing/pose) when it is not installed.
"""
import argparse
import json
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", required=True, help="one .pose path per line")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from pose_format import Pose

    with open(args.files, encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    contents = []
    for path in paths:
        with open(path, "rb") as pose_file:
            contents.append(pose_file.read())
    for data in contents:
        Pose.read(data)
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(args.rounds):
            for data in contents:
                Pose.read(data)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"files": len(contents), "bytes": sum(len(c) for c in contents), "rounds": args.rounds,
                      "seconds": seconds}))


if __name__ == "__main__":
    main()
