package org.signwriting.animation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.signwriting.animation.spark.RenderSignWritingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swa render-signwriting}: each distinct sign of the transcriptions as a model-input image. */
@Command(name = "render-signwriting", mixinStandardHelpOptions = true,
    description = {
        "Spark job: renders every distinct sign of the transcription CSV once, in",
        "the executors, as the embedding model's input image (224x224 PNG, the sign",
        "centred on white; a larger sign is shrunk to fit and its scale recorded).",
        "Writes Parquet (sign_id, fsw, swu, png, width, height, scale) to OUTPUT,",
        "unusable rows to OUTPUT/_rejected and a summary to OUTPUT/_summary.json;",
        "OUTPUT is replaced atomically. With --png-dir, also one PNG per CSV row",
        "named after its pose file (POSE.png), the layout the seed's",
        "prepare_embeddings.py wrote.",
        "",
        "Example:",
        "  swa render-signwriting --transcription-csv-path data.csv \\",
        "      --output signs/ --png-dir png/"
    })
final class RenderSignWritingCommand implements Callable<Integer> {
  @Option(names = {"--transcription-csv-path", "--transcription_csv_path"}, paramLabel = "CSV",
      defaultValue = "${env:SIGNWRITING_TRANSCRIPTION_CSV_PATH}",
      description = "Transcription CSV: pose,videoLanguage,start,end,text,split "
          + "(default: $SIGNWRITING_TRANSCRIPTION_CSV_PATH).")
  Path transcriptionCsv;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  String output;

  @Option(names = {"--png-dir", "--png_dir"}, paramLabel = "DIR",
      description = "Also write POSE.png per CSV row into this folder.")
  Path pngDir;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (transcriptionCsv == null) {
      throw new ParameterException(spec.commandLine(),
          "Missing the transcriptions: give --transcription-csv-path CSV or set SIGNWRITING_TRANSCRIPTION_CSV_PATH");
    }
    if (!java.nio.file.Files.isRegularFile(transcriptionCsv)) {
      throw new java.nio.file.NoSuchFileException(transcriptionCsv.toString());
    }
    RenderSignWritingJob.Options options = new RenderSignWritingJob.Options(transcriptionCsv, output, pngDir);
    return spark.run("swa render-signwriting", session -> RenderSignWritingJob.run(session, options));
  }
}
