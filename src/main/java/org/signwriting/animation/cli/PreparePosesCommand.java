package org.signwriting.animation.cli;

import java.util.concurrent.Callable;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.spark.PreparePosesJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swa prepare-poses}: pose files and transcriptions into Parquet. */
@Command(name = "prepare-poses", mixinStandardHelpOptions = true,
    description = {
        "Spark job: pose files and transcriptions into the Parquet table of training",
        "poses. It decodes the .pose files, cuts each transcription row's [start,",
        "end] ms, applies the training pre-processing (reduce_holistic, wrists,",
        "shoulders, hand shift) and writes one Parquet row per transcription row,",
        "partitioned by split (OUTPUT/split=train/...). The README documents the",
        "columns.",
        "",
        "Inputs that cannot be used (missing, empty, truncated or corrupt pose",
        "files, rows whose times are outside their file, malformed CSV rows, rows",
        "naming a file outside the pose folder, unparsable SignWriting, non-holistic",
        "poses or poses with NaN or absurd values, unreadable subfolders) go to",
        "OUTPUT/_rejected (input, kind, reason); the rest is written. A summary",
        "(read, written, rejected by kind) is printed and stored in",
        "OUTPUT/_summary.json. OUTPUT is replaced atomically: a failed run leaves the",
        "previous output as it was; an OUTPUT that overlaps the inputs is refused.",
        "",
        "Examples:",
        "  swa prepare-poses --poses poses/ --transcription-csv-path data.csv \\",
        "      --output prepared/",
        "  swa prepare-poses --poses poses/ --include-untranscribed --output pre/",
        "  swa prepare-poses ... --master spark://host:7077"
    })
final class PreparePosesCommand implements Callable<Integer> {
  @Option(names = {"--poses", "--pose-sequences-folder", "--pose_sequences_folder"}, paramLabel = "DIR",
      defaultValue = "${env:POSE_SEQUENCES_FOLDER}",
      description = "Folder of .pose files: a path or a URI such as hdfs://... or s3a://... (default: "
          + "$POSE_SEQUENCES_FOLDER).")
  String poses;

  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  String output;

  @Option(names = {"--include-untranscribed", "--include_untranscribed"},
      description = "Also write the pose files that no CSV row names, whole, in split 'untranscribed' "
          + "(for unconditional pretraining). Implied without a CSV.")
  boolean includeUntranscribed;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (poses == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing the pose folder: give --poses DIR or set POSE_SEQUENCES_FOLDER");
    }
    if (!transcriptions.given() && !includeUntranscribed) {
      throw new ParameterException(spec.commandLine(), "Missing the transcriptions: give "
          + "--transcription-csv-path CSV, set SIGNWRITING_TRANSCRIPTION_CSV_PATH, or use --include-untranscribed");
    }
    // Before Spark starts: a mistyped path should cost a second, not a session start.
    Inputs inputs = spark.inputs();
    if (!inputs.isDirectory(poses)) {
      throw new java.io.IOException(poses + ": the pose folder does not exist or is not a folder");
    }
    PreparePosesJob.Options options =
        new PreparePosesJob.Options(poses, transcriptions.optional(inputs), output, includeUntranscribed);
    return spark.run("swa prepare-poses", session -> PreparePosesJob.run(session, options));
  }
}
