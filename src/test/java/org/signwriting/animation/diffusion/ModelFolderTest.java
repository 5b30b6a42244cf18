package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * Seen: a truncated weights file failed with a bare EOFException, weights of another config with a matrix-shape
 * error deep in sampling, a malformed pose-stats.json with a reflection error, and every file was written 0600.
 */
class ModelFolderTest {
  @TempDir Path dir;

  private static SignToPoseDiffusion model(DiffusionConfig config, NDManager manager) {
    SignToPoseDiffusion model = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
    model.initialize(manager);
    return model;
  }

  @Test
  void damagedOrMismatchedWeightsAreOneLineNamingTheFile() throws IOException {
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    ModelFolder folder = new ModelFolder(dir);
    try (NDManager manager = NDManager.newBaseManager()) {
      folder.writeWeights(folder.weights(), model(config, manager));
      byte[] whole = Files.readAllBytes(folder.weights());
      Path truncated = dir.resolve("truncated.params");
      Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
      IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
          () -> ModelFolder.readWeights(truncated, model(config, manager), manager));
      assertEquals(truncated + ": truncated weights (the file ends early)", cut.getMessage());

      DiffusionConfig.Model m = config.model();
      DiffusionConfig wider = config.withModel(new DiffusionConfig.Model(m.points(), m.dims(),
          m.signEmbeddingSize(), m.latentSize() * 2, m.feedForwardSize(), m.layers(), m.heads(), m.dropout(),
          m.pastFrames(), m.futureFrames(), m.symbolSlots()));
      IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
          () -> ModelFolder.readWeights(folder.weights(), model(wider, manager), manager));
      assertTrue(mismatch.getMessage().startsWith(folder.weights() + ": weights do not fit this model's config: "),
          mismatch.getMessage());
      assertTrue(mismatch.getMessage().matches(".*: \\S+ is \\([0-9, ]+\\) in the file, \\([0-9, ]+\\) in the "
          + "model"), mismatch.getMessage());

      byte[] versionOne = whole.clone();
      versionOne[0] = 1; // the model's version, first in DJL's parameters
      Path old = dir.resolve("version-1.params");
      Files.write(old, versionOne);
      IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
          () -> ModelFolder.readWeights(old, model(config, manager), manager));
      assertTrue(before.getMessage().startsWith(old + ": ") && before.getMessage().contains("model version 1")
          && before.getMessage().endsWith("train the model again)"), before.getMessage());

      Path notWeights = dir.resolve("text.params");
      Files.writeString(notWeights, "these are not weights");
      IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
          () -> ModelFolder.readWeights(notWeights, model(config, manager), manager));
      assertTrue(text.getMessage().startsWith(notWeights + ": "), text.getMessage());
      assertEquals(1, text.getMessage().lines().count());
    }
  }

  @Test
  void malformedStatisticsAreOneLineNamingTheFile() throws IOException {
    ModelFolder folder = new ModelFolder(dir);
    Path file = folder.statistics();
    Map<String, String> cases = Map.of(
        "{\"BODY\": {\"A\": {\"mean\": [0, 1]}}}", "BODY/A has no \"std\" list",
        "{\"BODY\": {\"A\": {\"mean\": [0, 1], \"std\": [1]}}}", "BODY/A has 2 means and 1 standard deviations",
        "{\"BODY\": {\"A\": {\"mean\": [0, \"x\"], \"std\": [1, 1]}}}", "",
        "{\"BODY\": {\"A\": {\"mean\": \"zero\", \"std\": [1, 1]}}}", "BODY/A has no \"mean\" list",
        "[1, 2, 3]", "",
        "{\"BODY\": {\"A\": {\"mean\": [0, 1], \"std\": [1, -1]}}}", "BODY/A dimension 1: mean 1.0, std -1.0",
        "{}", "it lists no points",
        "{\"BODY\": ", "");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(file, c.getKey(), StandardCharsets.UTF_8);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, folder::readStatistics, c.getKey());
      assertTrue(e.getMessage().startsWith(file + ": not pose statistics (" + c.getValue()), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(!e.getMessage().contains("Exception") && !e.getMessage().contains("java."), e.getMessage());
    }
    Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
    IllegalArgumentException binary = assertThrows(IllegalArgumentException.class, folder::readStatistics);
    assertEquals(file + ": not pose statistics (not UTF-8 text)", binary.getMessage());
    folder.writeStatistics(PoseStatistics.of(List.of("BODY", "BODY"), List.of("A", "B"), 1, new float[] {0, 1},
        new float[] {1, 2}));
    assertEquals(2, folder.readStatistics().points());
  }

  /** Files are written through a temporary file, which must not leave them readable by their owner alone. */
  @Test
  void writtenFilesHaveTheUmasksPermissions() throws IOException {
    var expected = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
    ModelFolder folder = new ModelFolder(dir.resolve("model"));
    folder.writeStatistics(PoseStatistics.of(List.of("BODY"), List.of("A"), 1, new float[] {0}, new float[] {1}));
    assertEquals(PosixFilePermissions.toString(expected),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.statistics())));
  }
}
