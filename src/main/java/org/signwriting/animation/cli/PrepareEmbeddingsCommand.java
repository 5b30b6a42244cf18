package org.signwriting.animation.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.signwriting.animation.embedding.EncoderModel;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.embedding.TorchScriptEncoder;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.spark.PrepareEmbeddingsJob;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swa prepare-embeddings}: the embedding of each distinct sign of the transcriptions. */
@Command(name = "prepare-embeddings", mixinStandardHelpOptions = true,
    description = {
        "Spark job: the embedding of every distinct sign text of the transcriptions.",
        "",
        "Each sign text of the transcription CSV is rendered once as the 224x224",
        "model-input image and embedded in the executors. Each executor JVM loads",
        "the model once and reuses it for all its tasks, embedding a batch of images",
        "per forward pass. Writes Parquet (sign_id, fsw, swu, embedding: unit-length",
        "float array, png: only with --png-dir) to OUTPUT, unusable rows to",
        "OUTPUT/_rejected, a summary to OUTPUT/_summary.json and a copy of the model",
        "to OUTPUT/" + PrepareEmbeddingsJob.ENCODER_FOLDER + " (train animates with it); OUTPUT is replaced",
        "atomically. sign_id joins with prepare-poses and render-signwriting.",
        "",
        "The model is a folder from train-embedding-model, or a TorchScript image",
        "encoder file (e.g. your own CLIP export) taking (N, 3, 224, 224) RGB with",
        "CLIP's normalization. Executors must be able to read it: a shared path, or",
        "a TorchScript file shipped with spark-submit --files. The seed's spelling",
        "--embedding_model_weights_path MODEL_FOLDER/embedding_model.pth names the",
        "train-embedding-model folder MODEL_FOLDER.",
        "",
        "Example:",
        "  swa prepare-embeddings --transcription-csv-path data.csv \\",
        "      --embedding-model-weights-path models/emb --output embeddings/"
    })
final class PrepareEmbeddingsCommand implements Callable<Integer> {
  @Option(names = "--poses", paramLabel = "DIR",
      description = "The pose folder, accepted as in the seed's command line; the embeddings depend on the "
          + "SignWriting only, so it is checked to exist and otherwise not read.")
  String poses;

  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = {"--embedding-model-weights-path", "--embedding_model_weights_path"}, required = true,
      paramLabel = "PATH", description = "Model folder (train-embedding-model) or TorchScript file; a path or a "
          + "URI such as hdfs://... (executors read it from there).")
  String model;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  String output;

  @Option(names = {"--png-dir", "--png_dir"}, paramLabel = "DIR",
      description = "Also write POSE.png per CSV row into this folder (the seed's layout).")
  Path pngDir;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    Inputs inputs = spark.inputs();
    String transcriptionCsv = transcriptions.required(inputs);
    if (poses != null && !inputs.isDirectory(poses)) {
      throw new NoSuchFileException(poses);
    }
    OptionValues.atLeast("--batch-size", batchSize, 1);
    String location = SignEmbedders.resolve(inputs, model);
    Path modelPath = inputs.local(location);
    if (!EncoderModel.isModelFolder(modelPath) && !TorchScriptEncoder.isTorchScript(modelPath)) {
      throw new IllegalArgumentException(model + ": neither a model folder with " + EncoderModel.FOLDER
          + "/ (from train-embedding-model) nor a TorchScript file");
    }
    PrepareEmbeddingsJob.Options options = new PrepareEmbeddingsJob.Options(transcriptionCsv,
        inputs.qualify(location), output, pngDir, batchSize);
    return spark.run("swa prepare-embeddings", session -> PrepareEmbeddingsJob.run(session, options));
  }
}
