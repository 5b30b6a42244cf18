package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.evaluation.EvaluationReport;
import org.signwriting.animation.pose.Holistic;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseMontage;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseVisualizer;
import org.signwriting.animation.synthetic.SyntheticCorpus;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swa demo}: the whole pipeline on a synthetic corpus made from real signs, each stage through its own
 * command, so that the demo runs exactly what a user would type.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole pipeline on a small budget and shows a held-out sign animated",
        "by the trained model beside its ground truth:",
        "",
        "   1. generate-synthetic     real signs -> synthetic poses (data.csv + .pose)",
        "   2. prepare-poses          poses + transcriptions -> Parquet by split",
        "   3. render-signwriting     each distinct sign -> model-input image",
        "   4. train-embedding-model  a small sign encoder (conf/embedding-demo.json)",
        "   5. prepare-embeddings     each distinct sign -> embedding",
        "   6. pose-stats             mean and std per point over the train split",
        "   7. train                  the diffusion model (conf/diffusion-demo.json)",
        "   8. evaluate               held-out signs: the model against its baselines",
        "   9. animate                a held-out sign -> example.pose, example.gif",
        "",
        "The signs are real: by default a stable pseudo-random choice of the shared",
        "transcription CSV's signs (../shared/data/transcription/",
        "signwriting-transcription-2024.csv), keeping its train/dev/test splits. The",
        "poses are SYNTHETIC (procedural, see generate-synthetic). Every stage writes",
        "into OUTPUT and prints what it did.",
        "",
        "Example:",
        "  swa demo --output demo/"
    })
final class DemoCommand implements Callable<Integer> {
  static final int STAGES = 9;

  @Option(names = "--output", defaultValue = "demo-output", paramLabel = "DIR",
      description = "Where every stage writes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--data", paramLabel = "DIR",
      description = "A data folder laid out as the shared data, for its transcription/"
          + "signwriting-transcription-2024.csv (default: ../shared/data beside the installation).")
  Path data;

  @Option(names = "--signs", paramLabel = "CSV|JSON",
      description = "The signs to make the corpus from: a transcription CSV (its splits kept) or a sign list "
          + "(default: DATA/transcription/signwriting-transcription-2024.csv).")
  Path signs;

  @Option(names = "--train-signs", defaultValue = "1440", paramLabel = "N",
      description = "Signs of the train split (default: ${DEFAULT-VALUE}).")
  int trainSigns;

  @Option(names = "--dev-signs", defaultValue = "8", paramLabel = "N",
      description = "Signs of the dev split, for validation during training (default: ${DEFAULT-VALUE}).")
  int devSigns;

  @Option(names = "--test-signs", defaultValue = "72", paramLabel = "N",
      description = "Held-out signs of the test split, for the evaluation (default: ${DEFAULT-VALUE}).")
  int testSigns;

  @Option(names = "--variations", defaultValue = "1", paramLabel = "N",
      description = "Synthetic signers per sign (default: ${DEFAULT-VALUE}).")
  int variations;

  @Option(names = "--embedding-steps", defaultValue = "300", paramLabel = "N",
      description = "Training steps of the sign encoder (default: ${DEFAULT-VALUE}).")
  int embeddingSteps;

  @Option(names = "--diffusion-steps", defaultValue = "6000", paramLabel = "N",
      description = "Training steps of the diffusion model (default: ${DEFAULT-VALUE}).")
  int diffusionSteps;

  @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
      description = "Spark master of the jobs (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
      description = "PyTorch threads of the training and sampling stages (default: ${DEFAULT-VALUE}).")
  int torchThreads;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of the corpus, training and sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path signList = signs != null ? signs : require(data != null ? data : defaultData(),
        "transcription/signwriting-transcription-2024.csv", "--signs");
    if (!Files.isRegularFile(signList)) {
      throw new NoSuchFileException(signList.toString());
    }
    OptionValues.atLeast("--train-signs", trainSigns, 1);
    OptionValues.atLeast("--dev-signs", devSigns, 0);
    OptionValues.atLeast("--test-signs", testSigns, 1);
    OptionValues.atLeast("--variations", variations, 1);
    OptionValues.atLeast("--embedding-steps", embeddingSteps, 1);
    OptionValues.atLeast("--diffusion-steps", diffusionSteps, 1);
    OptionValues.atLeast("--torch-threads", torchThreads, 1);
    long started = System.nanoTime();
    Path conf = Path.of(System.getProperty("swa.home", ".")).resolve("conf");
    Files.createDirectories(output);
    Path corpus = output.resolve("synthetic");
    Path csv = corpus.resolve(SyntheticCorpus.CSV_FILE);
    String prepared = output.resolve("prepared").toString();
    String rendered = output.resolve("rendered").toString();
    String encoder = output.resolve("embedding-model").toString();
    String embeddings = output.resolve("embeddings").toString();
    String stats = output.resolve("pose-stats").toString();
    Path model = output.resolve("model");
    Path evaluation = output.resolve("evaluation");
    Path pose = output.resolve("example.pose");
    Path gif = output.resolve("example.gif");
    String threads = String.valueOf(torchThreads);

    List<String> generate = new ArrayList<>(List.of("generate-synthetic", "--signs", signList.toString(),
        "--output", corpus.toString(), "--variations", String.valueOf(variations), "--seed", String.valueOf(seed),
        "--signs-per-split", "train=" + trainSigns, "--signs-per-split", "test=" + testSigns, "--master", master));
    if (devSigns > 0) {
      generate.addAll(List.of("--signs-per-split", "dev=" + devSigns));
    }
    stage(out, 1, generate.toArray(String[]::new));
    stage(out, 2, "prepare-poses", "--poses", corpus.resolve(SyntheticCorpus.POSES_FOLDER).toString(),
        "--transcription-csv-path", csv.toString(), "--output", prepared, "--master", master);
    stage(out, 3, "render-signwriting", "--transcription-csv-path", csv.toString(), "--output", rendered,
        "--master", master);
    stage(out, 4, "train-embedding-model", "--transcription-csv-path", csv.toString(), "--model-folder", encoder,
        "--config", conf.resolve("embedding-demo.json").toString(), "--max-steps", String.valueOf(embeddingSteps),
        "--epochs", "1000", "--seed", String.valueOf(seed), "--torch-threads", threads);
    stage(out, 5, "prepare-embeddings", "--transcription-csv-path", csv.toString(),
        "--embedding-model-weights-path", encoder, "--output", embeddings, "--master", master);
    stage(out, 6, "pose-stats", "--input", prepared, "--output", stats, "--master", master);
    stage(out, 7, "train", "--poses", prepared, "--embedding-data", embeddings, "--embedding-model", encoder,
        "--pose-stats", stats, "--model-folder", model.toString(), "--config",
        conf.resolve("diffusion-demo.json").toString(), "--max-steps", String.valueOf(diffusionSteps),
        "--seed", String.valueOf(seed), "--master", master, "--torch-threads", threads);
    stage(out, 8, "evaluate", "--model-folder", model.toString(), "--poses", prepared, "--embedding-data",
        embeddings, "--split", "test", "--output", evaluation.toString(), "--seed", String.valueOf(seed),
        "--examples", "0", "--master", master, "--torch-threads", threads);
    TranscriptionRow example = firstTestRow(csv);
    stage(out, 9, "animate", "--signwriting", example.text(), "--model-folder", model.toString(), "--pose",
        pose.toString(), "--seed", String.valueOf(seed), "--torch-threads", threads);
    Pose truth = Holistic.reduce(PoseReader.read(corpus.resolve(SyntheticCorpus.POSES_FOLDER)
        .resolve(example.pose())));
    Pose sideBySide = PoseMontage.sideBySide(PoseReader.read(pose), truth);
    try (ProgressBar bar = ConsoleProgress.bar("example.gif", sideBySide.body().frames())) {
      new PoseVisualizer(sideBySide, 480, false).writeGif(gif, sideBySide.body().fps(), bar::stepTo);
    }

    double minutes = (System.nanoTime() - started) / 60e9;
    out.printf(Locale.ROOT, "%ndemo done in %.1f min: the held-out sign %s animated by the model%n", minutes,
        example.text());
    out.printf("  example      %s (the model's animation)%n", pose);
    out.printf("               %s (left: the model, right: the synthetic ground truth %s)%n", gif,
        example.pose());
    out.printf("  evaluation   %s, %s (the model against its baselines and the targets)%n",
        evaluation.resolve(EvaluationReport.MARKDOWN), evaluation.resolve(EvaluationReport.PLOT));
    out.printf("  model        %s (training curves: %s)%n", model, model.resolve("metrics.png"));
    out.printf("  corpus       %s (SYNTHETIC poses; %s)%n", corpus, SyntheticCorpus.README_FILE);
    out.printf("  Parquet      %s (poses), %s (sign images), %s, %s%n", prepared, rendered, embeddings, stats);
    out.flush();
    return 0;
  }

  /** Runs one stage's command in this JVM; a failing stage stops the demo with its message. */
  private void stage(PrintWriter out, int number, String... args) {
    out.printf(Locale.ROOT, "%n== %d/%d swa %s%n", number, STAGES, String.join(" ", args));
    out.flush();
    long started = System.nanoTime();
    CommandLine cli = Swa.commandLine();
    cli.setOut(spec.commandLine().getOut());
    cli.setErr(spec.commandLine().getErr());
    if (cli.execute(args) != 0) {
      throw new IllegalStateException("demo stopped: stage " + number + " (" + args[0] + ") failed");
    }
    out.printf(Locale.ROOT, "== %d/%d %s done in %.0f s%n", number, STAGES, args[0],
        (System.nanoTime() - started) / 1e9);
    out.flush();
  }

  private static Path defaultData() {
    Path shared = Path.of(System.getProperty("swa.home", ".")).toAbsolutePath().normalize()
        .resolve("../shared/data").normalize();
    return Files.isDirectory(shared) ? shared : null;
  }

  private static Path require(Path dataFolder, String relative, String option) {
    if (dataFolder == null) {
      throw new IllegalArgumentException("no data: ../shared/data does not exist; give --data DIR or " + option);
    }
    return dataFolder.resolve(relative);
  }

  /** The corpus's first test row (by pose file name): the held-out sign the demo shows. */
  private static TranscriptionRow firstTestRow(Path csv) throws Exception {
    return TranscriptionCsv.read(csv).stream().filter(r -> "test".equals(r.split())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(csv + ": no test row to show"));
  }
}
