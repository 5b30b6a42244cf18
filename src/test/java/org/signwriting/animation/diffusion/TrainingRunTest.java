package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseComponent;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseStatistics;

/** What a training run decides around the trainer: shape, statistics source, dev fallback, the folder. */
class TrainingRunTest {
  @TempDir Path dir;

  private static final List<String> NAMES = List.of("P0", "P1", "P2", "P3", "P4", "P5");
  private static final PoseHeader HEADER = new PoseHeader(0.2f, 100, 100, 0,
      List.of(new PoseComponent("BODY", "XYZC", NAMES, List.of(), List.of())));

  private static LocalTrainingData unconditional(List<Sequence> dev) {
    List<Sequence> train = DiffusionFixtures.twoSigns(30).stream().map(s -> new Sequence(s.id(), s.frames(),
        s.points(), s.dims(), s.data(), s.confidence(), null, s.signWriting())).toList();
    return new LocalTrainingData(HEADER, 25f, train, dev, List.of(), List.of("odd-row: a reason"), null);
  }

  private TrainingRun.Settings settings(Path folder, Path poseStats) {
    return settings(folder, poseStats, List.of());
  }

  private TrainingRun.Settings settings(Path folder, Path poseStats, List<String> inputs) {
    // The config's own shape (178 points, 512-number signs) is replaced by the data's.
    DiffusionConfig config = DiffusionFixtures.tinyConfig().withModel(new DiffusionConfig.Model(178, 3, 512, 32, 64,
        2, 2, 0f, 8, 4, 0));
    return new TrainingRun.Settings(folder, config, poseStats, null,
        new DiffusionTrainer.Options(3, 2, 0, true, false, null), inputs);
  }

  /**
   * Seen: {@code train --model-folder} was not checked against its inputs, so a model folder inside the prepared
   * table added weights to what Spark reads, and one equal to an input wrote over it. It is refused, one line,
   * before anything is read or written.
   */
  @Test
  void aModelFolderOverlappingAnInputIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path prepared = Files.createDirectories(dir.resolve("prepared"));
    Path stats = Files.createDirectories(dir.resolve("pose-stats"));
    Path embeddings = Files.createDirectories(dir.resolve("work/embeddings"));
    Path link = Files.createSymbolicLink(dir.resolve("prepared-link"), prepared);
    List<String> inputs = List.of(prepared.toString(), stats.toString(), embeddings.toString(),
        "hdfs://namenode:8020" + dir.resolve("elsewhere"));
    Map<Path, String> refused = Map.of(
        prepared.resolve("model"), "lies inside the input " + prepared,
        link.resolve("model"), "lies inside the input " + prepared,
        stats, "is the input " + stats,
        dir.resolve("work"), "contains the input " + embeddings);
    refused.forEach((folder, relation) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TrainingRun(settings(folder, null, inputs), note -> { }), folder.toString());
      assertEquals(folder + ": the model folder " + relation + "; choose a model folder outside the inputs "
          + "(training never writes into, or over, what it reads)", e.getMessage());
    });
    try (var listing = Files.list(prepared)) {
      assertEquals(0, listing.count(), "nothing written into the input");
    }
    // Beside the inputs (a name that only starts like one, another file system's path) is fine.
    new TrainingRun(settings(dir.resolve("prepared-model"), null, inputs), note -> { });
    new TrainingRun(settings(dir.resolve("elsewhere"), null, inputs), note -> { });
  }

  @Test
  void withoutDevSplitValidatesOnTrainAndWritesACompleteFolderInTheDataShape() throws IOException {
    List<String> notes = new ArrayList<>();
    Path folder = dir.resolve("model");
    TrainingRun.Outcome outcome = new TrainingRun(settings(folder, null), notes::add)
        .run(unconditional(List.of()), (step, last, loss) -> { });
    assertEquals(List.of("skipped odd-row: a reason", "note: no dev split; validating on the train split",
        "training on 2 sequences (0 dev), unconditional"), notes);
    assertEquals(6, outcome.config().model().points());
    assertEquals(512, outcome.config().model().signEmbeddingSize(), "unconditional: the config's size stays");
    assertTrue(Double.isFinite(outcome.result().metrics().get(0).devMse()), "validated on train sequences");
    ModelFolder model = new ModelFolder(folder);
    assertEquals(6, model.readConfig().model().points());
    PoseStatistics stats = model.readStatistics();
    assertEquals(NAMES, stats.names(), "the statistics carry the header's point names");
    assertEquals(30 * 2, stats.count(0), "computed from the sequences trained on");
    assertEquals(25f, PoseReader.read(model.poseHeader()).body().fps());
    assertTrue(Files.readString(model.trainingMotion()).contains("meanDisplacement"));
    assertFalse(Files.exists(model.embeddingModel()));
  }

  @Test
  void poseStatisticsFileIsUsedInTheHeaderOrderAndAMismatchIsNamed() throws IOException {
    List<Sequence> dev = List.of(DiffusionFixtures.movingSequence("dev-a", 20, 2, null));
    // The file lists the points in reverse order, with its own means: the run puts them in the header's order.
    List<String> reversed = new ArrayList<>(NAMES);
    java.util.Collections.reverse(reversed);
    float[] mean = new float[18];
    float[] std = new float[18];
    for (int i = 0; i < 18; i++) {
      mean[i] = i;
      std[i] = 2;
    }
    Path file = Files.writeString(dir.resolve("stats.json"),
        PoseStatistics.of(java.util.Collections.nCopies(6, "BODY"), reversed, 3, mean, std).toJson());
    List<String> notes = new ArrayList<>();
    TrainingRun.Outcome outcome = new TrainingRun(settings(dir.resolve("a"), file), notes::add)
        .run(unconditional(dev), (step, last, loss) -> { });
    assertFalse(notes.stream().anyMatch(n -> n.contains("no dev split")), notes.toString());
    assertEquals(NAMES, outcome.statistics().names());
    assertEquals(15.0, outcome.statistics().mean(0, 0), "P0 is the file's last point");

    Path other = Files.writeString(dir.resolve("other.json"), "{\"HAND\": {\"X\": {\"mean\": [0, 0, 0], "
        + "\"std\": [1, 1, 1]}}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingRun(settings(dir.resolve("b"), other), notes::add).run(unconditional(dev),
            (step, last, loss) -> { }));
    assertEquals(other + ": does not fit the poses' 6 points (the pose statistics have no point BODY/P0)",
        e.getMessage());
  }
}
