package org.signwriting.animation.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.signwriting.animation.spark.RenderSignWritingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swa render-signwriting}: each distinct sign of the transcriptions as a model-input image. */
@Command(name = "render-signwriting", mixinStandardHelpOptions = true,
    description = {
        "Spark job: the model-input image of every sign of the transcriptions.",
        "Each distinct sign of the transcription CSV is rendered once, in the",
        "executors, as the embedding model's input image (224x224 PNG, the sign",
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
  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  String output;

  @Option(names = {"--png-dir", "--png_dir"}, paramLabel = "DIR",
      description = "Also write POSE.png per CSV row into this folder.")
  Path pngDir;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    RenderSignWritingJob.Options options =
        new RenderSignWritingJob.Options(transcriptions.required(spark.inputs()), output, pngDir);
    return spark.run("swa render-signwriting", session -> RenderSignWritingJob.run(session, options));
  }
}
