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
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.evaluation.EvaluationReport;
import org.signwriting.animation.evaluation.MotionEvaluation;
import org.signwriting.animation.pose.PoseMontage;
import org.signwriting.animation.pose.PoseVisualizer;
import org.signwriting.animation.spark.EvaluationDataReader;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import org.signwriting.animation.util.TorchThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa evaluate}: a trained model against its baselines on held-out signs, or on its training signs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Evaluates a diffusion model folder on the held-out split of a prepare-poses",
        "output, beside baselines computed in the same run: the model without the sign",
        "(guidance off), the training mean pose, retrieval (the training motion of",
        "the training sign nearest by embedding, never the evaluated sign's own) and",
        "rule-based (generate-synthetic's average signer animating the sign from its",
        "symbols, no training). Every system makes the ground truth's number of frames.",
        "",
        "--split train evaluates the model on its own training signs: whether it fits",
        "what it trained on (retrieval then leaves each evaluated sign's own sequences",
        "out). It takes the first " + EvaluateCommand.TRAIN_SPLIT_SEQUENCES + " training sequences in id order unless",
        "--max-sequences says otherwise (0: all): the swap accuracy compares every pair",
        "of signs, so time grows with their square. On 2 cores the demo's model took",
        "1.4 minutes for 100 sequences (34 signs); all 720 (240 signs) would take an",
        "estimated half hour.",
        "",
        "Figures: DTW-MJE and normalized DTW-MJE as pose-evaluation defines them",
        "(masked points excluded), masked MSE, displacement ratio (movement per frame",
        "over the ground truth's), and condition-swap accuracy (a sign's generated",
        "motion is closer to its own ground truth than to another evaluated sign's).",
        "",
        "Writes OUTPUT/report.md, report.csv, sequences.csv, report.png and",
        "side-by-side GIFs of a few evaluated signs (generated left, ground truth right).",
        "",
        "Example:",
        "  swa evaluate --model-folder models/sign --poses prepared/ \\",
        "      --embedding-data embeddings/ --split test --output eval/"
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = {"--model-folder", "--model_folder"}, required = true, paramLabel = "DIR",
      description = "A model folder written by train.")
  Path modelFolder;

  @Option(names = "--poses", required = true, paramLabel = "DIR",
      description = "The output folder of prepare-poses (a path or URI).")
  String poses;

  @Option(names = {"--embedding-data", "--embedding_data"}, required = true, paramLabel = "DIR",
      description = "The output folder of prepare-embeddings (the signs' embeddings, by the model's encoder; a path or "
          + "URI).")
  String embeddingData;

  /** Sequences evaluated on the train split unless --max-sequences is given. */
  static final int TRAIN_SPLIT_SEQUENCES = 100;

  @Option(names = "--split", defaultValue = "test", paramLabel = "NAME",
      description = "The split to evaluate on: a held-out one, or train for the training signs (default: "
          + "${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Where to write the report (default: MODEL_FOLDER/evaluation).")
  Path output;

  @Option(names = "--guidance", paramLabel = "S",
      description = "Guidance scale of the conditioned model (default: the model config's).")
  Float guidance;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "First sampling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-sequences", paramLabel = "N",
      description = "Evaluate at most N sequences of the split, the first in id order; 0: all (default: all of a "
          + "held-out split, the first " + TRAIN_SPLIT_SEQUENCES + " of train).")
  Integer maxSequences;

  @Option(names = "--examples", defaultValue = "2", paramLabel = "N",
      description = "Side-by-side GIFs of this many evaluated signs (default: ${DEFAULT-VALUE}).")
  int examples;

  @Option(names = "--first-frames", defaultValue = "0", paramLabel = "N",
      description = "Score only the first N frames of each sequence, of every system's whole animation (default: "
          + "${DEFAULT-VALUE}, whole sequences). The model's first chunk (20 frames in conf/) is its start from the "
          + "mean pose, which every animation begins with: on training signs a model that does not beat the mean "
          + "pose there has not learned where its signs start.")
  int firstFrames;

  @Option(names = "--true-past",
      description = "Also score the model with each chunk continuing the ground truth's frames before it instead of "
          + "its own motion (teacher forcing; one more animation per sequence). What it gains over the model's own "
          + "animation is what carrying its own motion on costs; what is left is each chunk's own error.")
  boolean truePast;

  @Mixin TorchThreads torchThreads;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(modelFolder)) {
      throw new NoSuchFileException(modelFolder.toString());
    }
    int sequences = maxSequences != null ? maxSequences
        : split.equals(TrainingRun.TRAIN) ? TRAIN_SPLIT_SEQUENCES : 0;
    if (sequences < 0) {
      throw new IllegalArgumentException("--max-sequences must be at least 0 (0: all), not " + sequences);
    }
    OptionValues.atLeast("--examples", examples, 0);
    OptionValues.atLeast("--first-frames", firstFrames, 0);
    torchThreads.apply();
    PrintWriter out = spec.commandLine().getOut();
    EvaluationDataReader.Result read;
    SparkSession session = JobSession.create("swa evaluate", spark.master, spark.conf);
    try {
      read = EvaluationDataReader.read(session, poses, embeddingData, split);
    } finally {
      session.stop();
    }
    read.skipped().forEach(reason -> System.err.println("skipped " + reason));
    MotionEvaluation.Report report;
    ProgressBar[] bar = new ProgressBar[1];
    String[] stage = new String[1];
    try {
      MotionEvaluation.Options options = new MotionEvaluation.Options(guidance, seed, sequences, examples,
          firstFrames, truePast);
      report = MotionEvaluation.run(read.data(), modelFolder, options, (name, done, total) -> {
        if (!name.equals(stage[0])) {
          if (bar[0] != null) {
            bar[0].close();
          }
          bar[0] = ConsoleProgress.bar(name, total);
          stage[0] = name;
        }
        bar[0].stepTo(done);
      });
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    Path folder = output != null ? output : modelFolder.resolve("evaluation");
    List<String> description = List.of("- model folder: `" + modelFolder + "`",
        "- poses: `" + poses + "` (split `" + split + "`), embeddings: `" + embeddingData + "`");
    EvaluationReport.write(report, folder, description);
    List<Path> gifs = new ArrayList<>();
    for (MotionEvaluation.Example example : report.examples()) {
      Path gif = folder.resolve("example-" + example.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".gif");
      new PoseVisualizer(PoseMontage.sideBySide(example.generated(), example.truth()), 480, false)
          .writeGif(gif, 25, frame -> { });
      gifs.add(gif);
    }
    out.println(EvaluationReport.markdown(report, description).lines()
        .filter(line -> line.startsWith("|") || line.startsWith("- met") || line.startsWith("- **not"))
        .reduce((a, b) -> a + System.lineSeparator() + b).orElse(""));
    out.printf(Locale.ROOT, "report %s (%s, %s, %s)%n", folder.resolve(EvaluationReport.MARKDOWN),
        EvaluationReport.CSV, EvaluationReport.SEQUENCES_CSV, EvaluationReport.PLOT);
    gifs.forEach(gif -> out.println("example " + gif + " (generated left, ground truth right)"));
    out.flush();
    return 0;
  }
}
