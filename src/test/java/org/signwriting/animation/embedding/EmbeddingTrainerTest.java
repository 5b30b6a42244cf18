package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTrainerTest {
  @TempDir static Path dir;
  static List<SignCorpus.RenderedSign> signs;
  static List<BufferedImage> images;

  private static final EmbeddingTrainer.Listener QUIET = new EmbeddingTrainer.Listener() {
    @Override
    public void started(int totalSteps, int signs, int batchSize) {}

    @Override
    public void stepDone(EmbeddingTrainer.StepLoss loss) {}
  };

  @BeforeAll
  static void render() {
    List<SignCorpus.DistinctSign> distinct = SignCorpus.distinctSigns(TinyModels.texts());
    signs = SignCorpus.render(distinct, SignImageSource.rendered(), () -> {});
    images = distinct.stream().limit(4).map(s -> SignImageSource.rendered().modelInputImage(s.sign())).toList();
  }

  private static float[][] trainAndEmbed(String name, long seed) throws IOException {
    Path folder = dir.resolve(name);
    List<EmbeddingTrainer.StepLoss> losses = EmbeddingTrainer.train(TinyModels.config(), signs,
        new EmbeddingTrainer.Bounds(3, 5, seed), folder, QUIET);
    assertEquals(3, losses.size());
    losses.forEach(loss -> assertTrue(Float.isFinite(loss.total()) && loss.total() > 0, loss.toString()));
    try (SignEmbedder model = SignEmbedders.open(folder)) {
      assertEquals(0, model.embed(List.of()).length);
      return model.embed(images);
    }
  }

  @Test
  void sameSeedGivesTheSameEmbeddingsAndAnotherSeedOthers() throws IOException {
    float[][] first = trainAndEmbed("a", 3);
    float[][] again = trainAndEmbed("b", 3);
    float[][] other = trainAndEmbed("c", 4);
    for (int i = 0; i < first.length; i++) {
      assertArrayEquals(first[i], again[i], "image " + i);
    }
    assertFalse(Arrays.equals(first[0], other[0]));
  }

  @Test
  void embeddingsHaveTheConfiguredSizeAndUnitLength() throws IOException {
    for (float[] embedding : trainAndEmbed("d", 5)) {
      assertEquals(8, embedding.length);
      double norm = 0;
      for (float v : embedding) {
        norm += v * v;
      }
      assertEquals(1.0, norm, 1e-5);
    }
  }

  @Test
  void theModelFolderHoldsConfigParametersAndCurve() throws IOException {
    Path folder = dir.resolve("curve");
    List<EmbeddingTrainer.StepLoss> losses = EmbeddingTrainer.train(TinyModels.config(), signs,
        new EmbeddingTrainer.Bounds(3, 5, 1), folder, QUIET);
    TrainingCurve.write(losses, folder);
    assertTrue(Files.size(folder.resolve("embedding_model/encoder.params")) > 0);
    assertEquals(8, EmbeddingConfig.load(folder.resolve("embedding_model/config.json")).embeddingSize);
    assertEquals(4, Files.readAllLines(folder.resolve(TrainingCurve.CSV_FILE)).size());
    assertTrue(Files.size(folder.resolve(TrainingCurve.PNG_FILE)) > 1000);
    assertFalse(Files.exists(folder.resolve("embedding_model.partial")));
  }

  @Test
  void epochsAndMaxStepsBoundTheRun() {
    // 10 signs in batches of 4: two full batches per epoch.
    assertEquals(6, EmbeddingTrainer.totalSteps(10, 4, new EmbeddingTrainer.Bounds(100, 3, 0)));
    assertEquals(5, EmbeddingTrainer.totalSteps(10, 4, new EmbeddingTrainer.Bounds(5, 3, 0)));
    // Fewer signs than a batch: one batch of all of them per epoch.
    assertEquals(2, EmbeddingTrainer.totalSteps(3, 64, new EmbeddingTrainer.Bounds(100, 2, 0)));
  }

  @Test
  void oneSignIsNotEnough() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddingTrainer.train(
        TinyModels.config(), signs.subList(0, 1), new EmbeddingTrainer.Bounds(3, 5, 1), dir.resolve("e"), QUIET));
    assertTrue(e.getMessage().startsWith("training needs at least 2 distinct signs"), e.getMessage());
  }

  @Test
  void aDamagedModelFolderIsNamed() throws IOException {
    Path folder = dir.resolve("damaged/embedding_model");
    Files.createDirectories(folder);
    TinyModels.config().save(folder.resolve("config.json"));
    Files.write(folder.resolve("encoder.params"), new byte[] {1, 2, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignEmbedders.open(folder));
    assertTrue(e.getMessage().startsWith(folder.resolve("encoder.params") + ": does not match"), e.getMessage());
  }
}
