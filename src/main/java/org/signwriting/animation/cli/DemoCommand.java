package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swa demo}: the whole pipeline on a small budget, each stage through its own command, so that the
 * demo runs exactly what a user would type.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole pipeline on a small budget and animates a transcribed sign:",
        "",
        "  1. prepare-poses          poses + transcriptions -> Parquet by split",
        "  2. render-signwriting     each distinct sign -> model-input image",
        "  3. pose-stats             mean and std per point over the train split",
        "  4. train-embedding-model  a small sign encoder (conf/embedding-demo.json)",
        "  5. prepare-embeddings     each distinct sign -> embedding",
        "  6. train                  a small diffusion model (conf/diffusion-demo.json)",
        "  7. animate                the first transcribed sign -> .pose and GIF",
        "",
        "Every stage writes into OUTPUT and prints what it did. The budgets are",
        "for a demonstration (minutes on two cores), not for a usable model.",
        "By default the data is the project's shared data (../shared/data): the",
        "pose files, transcription/data_subset.csv and, as extra signs for the",
        "encoder, one fingerspelling alphabet.",
        "",
        "Example:",
        "  swa demo --output demo/"
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--output", defaultValue = "demo-output", paramLabel = "DIR",
      description = "Where every stage writes (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--data", paramLabel = "DIR",
      description = "A data folder laid out as the shared data: poses/, transcription/data_subset.csv, "
          + "signwriting/fingerspelling/ (default: ../shared/data beside the installation).")
  Path data;

  @Option(names = {"--poses", "--pose-sequences-folder"}, paramLabel = "DIR",
      description = "Folder of .pose files (default: DATA/poses).")
  Path poses;

  @Option(names = {"--transcription-csv-path", "--transcription_csv_path"}, paramLabel = "CSV",
      description = "Transcription CSV (default: DATA/transcription/data_subset.csv).")
  Path transcriptionCsv;

  @Option(names = {"--extra-signs", "--extra_signs"}, paramLabel = "FILE",
      description = "More signs for the encoder (default: DATA/signwriting/fingerspelling/ase.json when present).")
  Path extraSigns;

  @Option(names = "--embedding-steps", defaultValue = "20", paramLabel = "N",
      description = "Training steps of the sign encoder (default: ${DEFAULT-VALUE}).")
  int embeddingSteps;

  @Option(names = "--diffusion-steps", defaultValue = "60", paramLabel = "N",
      description = "Training steps of the diffusion model (default: ${DEFAULT-VALUE}).")
  int diffusionSteps;

  @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
      description = "Spark master of the jobs (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of training and sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataFolder = data != null ? data : defaultData();
    Path poseFolder = poses != null ? poses : require(dataFolder, "poses", "--poses");
    Path csv = transcriptionCsv != null ? transcriptionCsv
        : require(dataFolder, "transcription/data_subset.csv", "--transcription-csv-path");
    Path extra = extraSigns;
    if (extra == null && dataFolder != null
        && Files.isRegularFile(dataFolder.resolve("signwriting/fingerspelling/ase.json"))) {
      extra = dataFolder.resolve("signwriting/fingerspelling/ase.json");
    }
    for (Path path : new Path[] {poseFolder, csv, extra}) {
      if (path != null && !Files.exists(path)) {
        throw new NoSuchFileException(path.toString());
      }
    }
    if (embeddingSteps < 1 || diffusionSteps < 1) {
      throw new IllegalArgumentException("--embedding-steps and --diffusion-steps must be at least 1");
    }
    String sign = firstTrainSign(csv);
    Path conf = Path.of(System.getProperty("swa.home", ".")).resolve("conf");
    Files.createDirectories(output);
    String prepared = output.resolve("prepared").toString();
    String rendered = output.resolve("rendered").toString();
    String stats = output.resolve("pose-stats").toString();
    String encoder = output.resolve("embedding-model").toString();
    String embeddings = output.resolve("embeddings").toString();
    String model = output.resolve("model").toString();
    Path pose = output.resolve("animation.pose");
    Path gif = output.resolve("animation.gif");

    stage(out, 1, "prepare-poses", "--poses", poseFolder.toString(), "--transcription-csv-path", csv.toString(),
        "--output", prepared, "--master", master);
    stage(out, 2, "render-signwriting", "--transcription-csv-path", csv.toString(), "--output", rendered,
        "--master", master);
    stage(out, 3, "pose-stats", "--input", prepared, "--output", stats, "--master", master);
    List<String> embedding = new ArrayList<>(List.of("train-embedding-model", "--transcription-csv-path",
        csv.toString(), "--model-folder", encoder, "--config", conf.resolve("embedding-demo.json").toString(),
        "--max-steps", String.valueOf(embeddingSteps), "--seed", String.valueOf(seed)));
    if (extra != null) {
      embedding.addAll(List.of("--extra-signs", extra.toString()));
    }
    stage(out, 4, embedding.toArray(String[]::new));
    stage(out, 5, "prepare-embeddings", "--transcription-csv-path", csv.toString(),
        "--embedding-model-weights-path", encoder, "--output", embeddings, "--master", master);
    stage(out, 6, "train", "--poses", prepared, "--embedding-data", embeddings, "--embedding-model", encoder,
        "--pose-stats", stats, "--model-folder", model, "--config", conf.resolve("diffusion-demo.json").toString(),
        "--max-steps", String.valueOf(diffusionSteps), "--seed", String.valueOf(seed), "--master", master);
    stage(out, 7, "animate", "--signwriting", sign, "--model-folder", model, "--pose", pose.toString(),
        "--preview", gif.toString(), "--seed", String.valueOf(seed));

    out.printf(Locale.ROOT, "%ndemo done: the sign %s animated%n", sign);
    out.printf("  pose         %s%n  preview      %s%n  model        %s (metrics.csv, metrics.png)%n", pose, gif,
        model);
    out.printf("  data         %s (prepared poses), %s, %s, %s%n", prepared, rendered, stats, embeddings);
    out.flush();
    return 0;
  }

  /** Runs one stage's command in this JVM; a failing stage stops the demo with its message. */
  private void stage(PrintWriter out, int number, String... args) {
    out.printf(Locale.ROOT, "%n== %d/7 swa %s%n", number, String.join(" ", args));
    out.flush();
    CommandLine cli = Swa.commandLine();
    cli.setOut(spec.commandLine().getOut());
    cli.setErr(spec.commandLine().getErr());
    if (cli.execute(args) != 0) {
      throw new IllegalStateException("demo stopped: stage " + number + " (" + args[0] + ") failed");
    }
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

  /** The text of the first train row of the CSV (the first row at all when none is train). */
  private static String firstTrainSign(Path csv) throws Exception {
    List<TranscriptionRow> rows = TranscriptionCsv.read(csv);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(csv + ": no transcription rows");
    }
    return rows.stream().filter(r -> "train".equals(r.split())).findFirst().orElse(rows.get(0)).text();
  }
}
