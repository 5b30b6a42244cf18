package org.signwriting.animation.cli;

import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.TorchThreads;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.embedding.EmbeddingConfig;
import org.signwriting.animation.embedding.EmbeddingTrainer;
import org.signwriting.animation.embedding.EncoderModel;
import org.signwriting.animation.embedding.HeldOutSigns;
import org.signwriting.animation.embedding.SignCorpus;
import org.signwriting.animation.embedding.SignImageSource;
import org.signwriting.animation.embedding.SignText;
import org.signwriting.animation.embedding.TrainingCurve;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa train-embedding-model}: trains the SignWriting image encoder. */
@Command(
    name = "train-embedding-model",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains the SignWriting image encoder that conditions the diffusion model.",
      "",
      "Each distinct sign of the transcription CSV and of the extra sign lists is",
      "rendered as the 224x224 model-input image. The encoder, a small CNN over a",
      "crop around the ink (sizes in the config), learns to predict from its",
      "embedding which symbols the sign holds (ISWA groups, fills, rotations,",
      "coarse layout), and to give two slightly different renders of one sign",
      "(shifted, scaled, bolder or thinner lines) the same embedding while keeping",
      "other signs apart (a contrastive term).",
      "Held out of training, for evaluate-embedding-model: the signs of the CSV's",
      "test rows, and one in " + HeldOutSigns.ONE_IN + " of the signs that come from sign lists only",
      "(by a checksum of the FSW). Signs of the CSV's train and dev rows are always",
      "trained on, so even a two-row CSV trains.",
      "",
      "Writes into the model folder: embedding_model/ (config.json and",
      "encoder.params), embedding_training.csv and embedding_training.png (the",
      "loss curve) and " + SignCorpus.TRAINED_SIGNS_FILE + ". The same seed, inputs and",
      "--torch-threads give the same model.",
      "",
      "Example:",
      "  swa train-embedding-model --transcription-csv-path data.csv \\",
      "      --extra-signs dgs-hamnosys-signwriting-parallel.json \\",
      "      --model-folder models/emb --max-steps 2000 --seed 1 --torch-threads 1"
    })
public final class TrainEmbeddingModelCommand implements Callable<Integer> {

  @Mixin TranscriptionCsvOption transcriptions;

  @Option(names = {"--extra-signs", "--extra_signs"}, paramLabel = "FILE", arity = "1..*",
      description = "More signs: a text file with one sign (FSW or SWU) per line, or a JSON list of "
          + "strings, a list of objects with a \"signwriting\" field, or an object whose "
          + "values are lists of signs (e.g. the DGS file and the fingerspelling alphabets).")
  List<String> extraSigns = new ArrayList<>();

  @Option(names = {"--model-folder", "--model_folder"}, required = true, paramLabel = "DIR",
      description = "Where the model and the training curve are written.")
  Path modelFolder;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Architecture, objective and training settings (default: conf/embedding.json).")
  Path config;

  @Option(names = {"--max-steps", "--max_steps"}, paramLabel = "N",
      description = "Stop after N optimizer steps (default: training.maxSteps of the config).")
  Integer maxSteps;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Stop after N passes over the signs (default: training.epochs of the config).")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of everything random; the same seed gives the same model (default: "
          + "${DEFAULT-VALUE}).")
  long seed;

  @Mixin TorchThreads torchThreads;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    torchThreads.apply();
    Inputs inputs = Inputs.local();
    String transcriptionCsv = transcriptions.optional(inputs);
    if (transcriptionCsv == null && extraSigns.isEmpty()) {
      throw new IllegalArgumentException("no signs to train on: give --transcription-csv-path and/or --extra-signs");
    }
    Path configFile = config == null ? EmbeddingConfig.defaultFile() : config;
    List<String> read = new ArrayList<>(extraSigns);
    read.add(transcriptionCsv);
    read.add(configFile.toString());
    InputPaths.requireApart(modelFolder, "model folder", read, InputPaths.MODEL_FOLDER_APART);
    EmbeddingConfig settings = EmbeddingConfig.load(configFile);
    EmbeddingTrainer.Bounds bounds = new EmbeddingTrainer.Bounds(
        positive("--max-steps", maxSteps == null ? settings.training.maxSteps : maxSteps),
        positive("--epochs", epochs == null ? settings.training.epochs : epochs), seed);

    List<SignText> texts = new ArrayList<>();
    if (transcriptionCsv != null) {
      texts.addAll(SignCorpus.fromTranscriptionCsv(inputs, transcriptionCsv));
    }
    for (String list : extraSigns) {
      texts.addAll(SignCorpus.fromList(inputs, list));
    }
    List<SignCorpus.DistinctSign> distinct = SignCorpus.distinctSigns(texts);
    List<SignCorpus.DistinctSign> training = SignCorpus.split(distinct, false);
    System.err.printf(Locale.ROOT, "%d sign texts, %d distinct signs, %d held out for evaluation, %d to train on%n",
        texts.size(), distinct.size(), distinct.size() - training.size(), training.size());
    SignCorpus.writeTrainedSigns(modelFolder, training);
    List<SignCorpus.RenderedSign> rendered;
    try (ProgressBar bar = ConsoleProgress.bar("render", training.size())) {
      rendered = SignCorpus.render(training, SignImageSource.rendered(), bar::step);
    }

    ProgressBar[] bar = new ProgressBar[1];
    List<EmbeddingTrainer.StepLoss> losses;
    try {
      losses = EmbeddingTrainer.train(settings, rendered, bounds, modelFolder, new EmbeddingTrainer.Listener() {
        @Override
        public void started(int totalSteps, int signs, int batchSize) {
          bar[0] = ConsoleProgress.bar("train", totalSteps);
        }

        @Override
        public void stepDone(EmbeddingTrainer.StepLoss loss) {
          bar[0].step();
          ConsoleProgress.message(bar[0], String.format(Locale.ROOT, "loss %.3f (symbols %.3f, contrastive %.3f)",
              loss.total(), loss.symbol(), loss.contrastive()));
        }
      });
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    TrainingCurve.write(losses, modelFolder);
    EmbeddingTrainer.StepLoss last = losses.isEmpty() ? null : losses.get(losses.size() - 1);
    out.printf(Locale.ROOT, "trained %d steps on %d signs; final loss %s; model in %s%n",
        losses.size(), rendered.size(), last == null ? "n/a" : String.format(Locale.ROOT, "%.4f", last.total()),
        modelFolder.resolve(EncoderModel.FOLDER));
    out.flush();
    return 0;
  }

  private static int positive(String option, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be a positive number, got " + value);
    }
    return value;
  }
}
