package org.signwriting.animation.cli;

import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.signwriting.animation.spark.GenerateSyntheticJob;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swa generate-synthetic}: a synthetic (SignWriting, pose) corpus in sign/data's layout. */
@Command(name = "generate-synthetic", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Spark job: makes a corpus of SYNTHETIC (SignWriting, .pose) pairs from real",
        "SignWriting, in sign/data's layout, so that every other job runs on it as on",
        "the real corpus. Each pose is a 178-point MediaPipe holistic skeleton at 25",
        "fps whose motion follows the sign's symbols: hand shapes from the hand",
        "symbols, palm orientation from their fill and rotation, places relative to",
        "the head, movement arrows as straight, curved or circular wrist paths,",
        "contacts as touches. Each variation is another signer (proportions, speed,",
        "jitter, sway). Nobody signed these poses: the output says so in README.md,",
        "_synthetic.json and every pose file's name (synthetic-*.pose).",
        "",
        "--signs takes a transcription CSV (pose,videoLanguage,start,end,text,split;",
        "its splits are kept, a sign in several splits goes to the most held-out one)",
        "or a sign list (JSON as the shared DGS and fingerspelling files, or one sign",
        "per line; one sign in ten goes to test and one in ten to dev, by checksum).",
        "",
        "Writes OUTPUT/data.csv, OUTPUT/poses/synthetic-SIGNID-vNN.pose, README.md,",
        "_synthetic.json, _rejected and _summary.json; OUTPUT is replaced atomically.",
        "The same input and seed give the same bytes.",
        "",
        "Example (then prepare-poses etc. as on sign/data):",
        "  swa generate-synthetic --signs data.csv --output synthetic/ --variations 4",
        "  swa prepare-poses --poses synthetic/poses \\",
        "      --transcription-csv-path synthetic/data.csv --output prepared/"
    })
final class GenerateSyntheticCommand implements Callable<Integer> {
  @Option(names = "--signs", required = true, paramLabel = "CSV|JSON",
      description = "A transcription CSV or a sign list (.json, or a text file with one sign per line); a path or "
          + "a URI (hdfs://, s3a://).")
  String signs;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  String output;

  @Option(names = "--variations", defaultValue = "4", paramLabel = "N",
      description = "Signers (pose files) per sign (default: ${DEFAULT-VALUE}).")
  int variations;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
      description = "Seed of the signers (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--signs-per-split", paramLabel = "SPLIT=N",
      description = "Take at most N signs of SPLIT (a stable pseudo-random choice by sign id); repeatable. "
          + "Splits not named are left out. Default: every sign.")
  Map<String, Integer> signsPerSplit = new LinkedHashMap<>();

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    OptionValues.atLeast("--variations", variations, 1);
    signsPerSplit.forEach((split, n) -> {
      if (n < 0) {
        throw new IllegalArgumentException("--signs-per-split " + split + "=" + n + ": N must be at least 0");
      }
    });
    // Checked before Spark starts, as the other jobs check their CSV: one line, no session, no progress bar.
    if (!spark.inputs().isFile(signs)) {
      throw new NoSuchFileException(signs);
    }
    GenerateSyntheticJob.Options options =
        new GenerateSyntheticJob.Options(signs, output, variations, seed, signsPerSplit);
    return spark.run("swa generate-synthetic", session -> GenerateSyntheticJob.run(session, options));
  }
}
