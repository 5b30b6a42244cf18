#!/usr/bin/env python3
"""The Python reference of `swa benchmark signwriting`: the public `signwriting` package, timed on the same signs.

    PYTHONPATH=DIR python3 bench/signwriting_peer.py --signs signs.txt --stage parse --rounds 5

Stages: `parse` is `fsw_to_sign` (after `swu2fsw` for SWU text, as the package's visualizer does); `render` is
`signwriting_to_image`, the package's visualizer. One warm-up pass (font loading, caches), then --rounds timed
rounds, each of whole passes over the signs for --round-seconds; prints one JSON line:
{"stage": ..., "signs": N, "per_second": [one figure per round]}.
PYTHONPATH names the folder that holds the `signwriting` package (e.g. a checkout of
sign-language-processing/signwriting) when it is not installed.
"""
import argparse
import json
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signs", required=True, help="one sign text per line")
    parser.add_argument("--stage", choices=["parse", "render"], required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--round-seconds", type=float, default=0.5,
                        help="each round passes over all signs until this many seconds have passed")
    args = parser.parse_args()
    from signwriting.formats.fsw_to_sign import fsw_to_sign
    from signwriting.formats.swu import is_swu
    from signwriting.formats.swu_to_fsw import swu2fsw

    with open(args.signs, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f if line.strip()]

    if args.stage == "parse":
        def work(text):
            return fsw_to_sign(swu2fsw(text) if is_swu(text) else text)
    else:
        from signwriting.visualizer.visualize import signwriting_to_image
        work = signwriting_to_image

    def passes(seconds):
        start = time.perf_counter()
        signs = 0
        while True:
            for text in texts:
                work(text)
            signs += len(texts)
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                return signs / elapsed

    passes(0)  # warm-up: fonts, caches
    rates = [passes(args.round_seconds) for _ in range(args.rounds)]
    print(json.dumps({"stage": args.stage, "signs": len(texts), "per_second": rates}))


if __name__ == "__main__":
    main()
