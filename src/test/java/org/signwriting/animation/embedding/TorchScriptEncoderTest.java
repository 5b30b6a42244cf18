package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own TorchScript encoder through the same interface as the trained one. tiny_encoder.pt (3.8 KB,
 * made by make_tiny_torchscript.py beside it) returns the mean of each normalized channel over the image's
 * four quadrants, times the weights 1..12, so the expected embedding is computed here in Java.
 */
class TorchScriptEncoderTest {
  @TempDir Path dir;

  private static Path tinyEncoder() throws URISyntaxException {
    return Path.of(TorchScriptEncoderTest.class.getResource("tiny_encoder.pt").toURI());
  }

  private static BufferedImage sample() {
    BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 224, 224);
    g.setColor(new Color(200, 30, 90));
    g.fillRect(10, 20, 100, 50);
    g.setColor(Color.BLACK);
    g.fillRect(150, 130, 40, 60);
    g.dispose();
    return image;
  }

  /** The tiny encoder's output, computed directly, then L2-normalized. */
  private static float[] expected(BufferedImage image) {
    float[] normalized = new float[3 * 224 * 224];
    TorchScriptEncoder.writeNormalized(image, normalized, 0);
    double[] out = new double[12];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 224; y++) {
        for (int x = 0; x < 224; x++) {
          int quadrant = (y / 112) * 2 + x / 112;
          out[c * 4 + quadrant] += normalized[c * 224 * 224 + y * 224 + x] / (112.0 * 112.0);
        }
      }
    }
    double norm = 0;
    for (int k = 0; k < 12; k++) {
      out[k] *= k + 1;
      norm += out[k] * out[k];
    }
    float[] unit = new float[12];
    for (int k = 0; k < 12; k++) {
      unit[k] = (float) (out[k] / Math.sqrt(norm));
    }
    return unit;
  }

  @Test
  void embedsLikeTheScriptSays() throws Exception {
    try (SignEmbedder encoder = SignEmbedders.open(tinyEncoder())) {
      assertInstanceOf(TorchScriptEncoder.class, encoder);
      assertEquals(12, encoder.embeddingSize());
      BufferedImage image = sample();
      float[][] embeddings = encoder.embed(List.of(image, new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB)));
      assertEquals(2, embeddings.length);
      float[] want = expected(image);
      for (int k = 0; k < 12; k++) {
        assertEquals(want[k], embeddings[0][k], 1e-4, "dimension " + k);
      }
    }
  }

  @Test
  void otherImageSizesAreRefused() throws Exception {
    try (SignEmbedder encoder = SignEmbedders.open(tinyEncoder())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> encoder.embed(List.of(new BufferedImage(100, 224, BufferedImage.TYPE_INT_RGB))));
      assertEquals("the TorchScript encoder takes 224×224 images, got 100×224", e.getMessage());
    }
  }

  @Test
  void aFileThatIsNeitherModelNorScriptIsNamed() throws IOException {
    Path text = Files.writeString(dir.resolve("weights.bin"), "not a model");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignEmbedders.open(text));
    assertTrue(e.getMessage().startsWith(text + ": neither a model folder"), e.getMessage());
    Path fakeZip = Files.write(dir.resolve("fake.pt"), new byte[] {'P', 'K', 3, 4, 0, 0});
    e = assertThrows(IllegalArgumentException.class, () -> SignEmbedders.open(fakeZip));
    assertTrue(e.getMessage().startsWith(fakeZip + ": not a TorchScript image encoder"), e.getMessage());
  }
}
