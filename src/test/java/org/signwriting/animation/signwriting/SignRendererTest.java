package org.signwriting.animation.signwriting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class SignRendererTest {
  private static final String HELLO = "M518x529S14c20481x471S27106503x489";
  private static final String WORLD = "M518x533S1870a489x515S18701482x490S20500508x496S2e734500x468";
  private static final String WIDE =
      "M536x517S30a00482x482S33e00482x482S17e11516x464S17e19460x481S22a07523x481S22a11463x481";

  @Test
  void imageSpansFromTheSymbolsTopLeftToTheBoxCorner() {
    BufferedImage image = SignRenderer.render(HELLO);
    assertEquals(518 - 481, image.getWidth());
    assertEquals(529 - 471, image.getHeight());
    assertEquals(BufferedImage.TYPE_INT_ARGB, image.getType());
    assertEquals(0, image.getRGB(image.getWidth() - 1, 0) >>> 24, "background is transparent");
  }

  @Test
  void untrustedBoxEndsAtTheMeasuredGlyphs() {
    // S14c20 measures 23x31 and S27106 15x40 (the reference's glyph boxes at size 30).
    BufferedImage image = SignRenderer.render(HELLO, RenderOptions.DEFAULT.withTrustBox(false));
    assertEquals(Math.max(481 + 23, 503 + 15) - 481, image.getWidth());
    assertEquals(Math.max(471 + 31, 489 + 40) - 471, image.getHeight());
  }

  @Test
  void signWithoutSymbolsIsOneTransparentPixel() {
    BufferedImage image = SignRenderer.render("M500x500");
    assertEquals(1, image.getWidth());
    assertEquals(1, image.getHeight());
    assertEquals(0, image.getRGB(0, 0) >>> 24);
  }

  @Test
  void stackedSignsKeepTheirLanes() {
    BufferedImage wide = SignRenderer.render(WIDE);
    BufferedImage narrow = SignRenderer.render(HELLO);
    assertTrue(wide.getWidth() > narrow.getWidth());
    for (char lane : new char[] {'L', 'M', 'R'}) {
      BufferedImage stacked = SignRenderer.render(WIDE + " " + lane + HELLO.substring(1));
      assertEquals(wide.getWidth(), stacked.getWidth());
      assertEquals(wide.getHeight() + SignRenderer.STACK_GAP + narrow.getHeight(), stacked.getHeight());
      Rectangle ink = inkBounds(stacked, wide.getHeight() + SignRenderer.STACK_GAP);
      Rectangle alone = inkBounds(narrow, 0);
      int expectedShift = switch (lane) {
        case 'L' -> 0;
        case 'R' -> wide.getWidth() - narrow.getWidth();
        default -> (wide.getWidth() - narrow.getWidth()) / 2;
      };
      assertEquals(alone.x + expectedShift, ink.x, "lane " + lane);
      assertEquals(alone.width, ink.width, "lane " + lane);
    }
  }

  @Test
  void coloursPaintOutlinesAndInteriors() {
    Color green = new Color(123, 234, 0);
    BufferedImage plain = SignRenderer.render(WORLD);
    BufferedImage coloured = SignRenderer.render(WORLD,
        RenderOptions.DEFAULT.withLineColor(green).withFillColor(new Color(0, 0, 255)));
    BufferedImage noFill = SignRenderer.render(WORLD, RenderOptions.DEFAULT.withFillColor(new Color(0, 0, 0, 0)));
    int black = 0;
    int white = 0;
    int unpainted = 0;
    for (int y = 0; y < plain.getHeight(); y++) {
      for (int x = 0; x < plain.getWidth(); x++) {
        int pixel = plain.getRGB(x, y);
        if (pixel == 0xFF000000) {
          black++;
          assertEquals(0xFF000000 | green.getRGB(), coloured.getRGB(x, y));
        } else if (pixel == 0xFFFFFFFF) {
          white++;
          assertEquals(0xFF0000FF, coloured.getRGB(x, y));
          unpainted += (noFill.getRGB(x, y) >>> 24) == 0 ? 1 : 0;
        }
      }
    }
    assertTrue(black > 50 && white > 50, "outline " + black + ", interior " + white);
    assertEquals(white, unpainted, "a transparent fill paints nothing");
  }

  @Test
  void modelInputIsWhiteSquareWithTheSignCentred() {
    ModelInput input = SignRenderer.modelInput(HELLO);
    BufferedImage image = input.image();
    assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    assertEquals(224, image.getWidth());
    assertEquals(224, image.getHeight());
    assertFalse(input.scaled());
    assertEquals(0xFFFFFFFF, image.getRGB(0, 0));
    BufferedImage drawn = SignRenderer.render(HELLO, RenderOptions.DEFAULT.withTrustBox(false));
    int left = (224 - drawn.getWidth()) / 2;
    int top = (224 - drawn.getHeight()) / 2;
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        boolean inside = x >= left && x < left + drawn.getWidth() && y >= top && y < top + drawn.getHeight();
        int expected = inside ? overWhite(drawn.getRGB(x - left, y - top)) : 0xFFFFFF;
        assertEquals(expected, image.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void aSignLargerThanTheModelInputIsShrunkNotBlank() {
    String tall = String.join(" ", List.of(WORLD, WORLD, WORLD, WORLD));
    BufferedImage drawn = SignRenderer.render(tall, RenderOptions.DEFAULT.withTrustBox(false));
    assertTrue(drawn.getHeight() > 224);
    ModelInput input = SignRenderer.modelInput(tall);
    assertTrue(input.scaled());
    assertEquals(224.0 / drawn.getHeight(), input.scale(), 1e-9);
    Rectangle ink = inkBounds(input.image(), 0);
    assertTrue(ink.height >= 210 && ink.height <= 224, "shrunk sign fills the height: " + ink);
    assertTrue(Math.abs(ink.x + ink.width / 2.0 - 112) <= 2, "centred: " + ink);
  }

  @Test
  void renderingFromManyThreadsGivesTheSameImages() throws Exception {
    // Symbols no other test draws, so that their glyphs are first rasterized by competing threads.
    List<String> signs = IntStream.range(0, 48)
        .mapToObj(i -> new Sign('M', 560, 560, List.of(
            new SignSymbol(SignSymbol.keyOf((0x2b0 - 0x100) * 96 + i * 2 + 1), 480, 480),
            new SignSymbol(SignSymbol.keyOf((0x2c0 - 0x100) * 96 + i + 1), 500, 510))).toFsw())
        .toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<int[]>> concurrent;
    try {
      concurrent = IntStream.range(0, 8 * signs.size())
          .mapToObj(i -> pool.submit(() -> pixels(signs.get(i % signs.size())))).toList();
      for (Future<int[]> result : concurrent) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < concurrent.size(); i++) {
      assertArrayEquals(pixels(signs.get(i % signs.size())), concurrent.get(i).get(), signs.get(i % signs.size()));
    }
  }

  @Test
  void pngKeepsPixelsAndTheFsw() throws IOException {
    BufferedImage image = SignRenderer.render(HELLO);
    byte[] png = SignRenderer.png(image, HELLO);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      BufferedImage read = reader.read(0);
      assertArrayEquals(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()),
          read.getRGB(0, 0, read.getWidth(), read.getHeight(), null, 0, read.getWidth()));
      IIOMetadata metadata = reader.getImageMetadata(0);
      String tree = metadataText(metadata.getAsTree("javax_imageio_png_1.0"));
      assertTrue(tree.contains("FSW=" + HELLO), tree);
    }
    BufferedImage rgb = ImageIO.read(new ByteArrayInputStream(SignRenderer.png(SignRenderer.modelInputImage(HELLO))));
    assertEquals(224, rgb.getWidth());
  }

  private static String metadataText(org.w3c.dom.Node node) {
    StringBuilder text = new StringBuilder();
    if ("tEXtEntry".equals(node.getNodeName())) {
      var attributes = node.getAttributes();
      text.append(attributes.getNamedItem("keyword").getNodeValue()).append('=')
          .append(attributes.getNamedItem("value").getNodeValue()).append('\n');
    }
    for (var child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      text.append(metadataText(child));
    }
    return text.toString();
  }

  private static int[] pixels(String sign) {
    BufferedImage image = SignRenderer.render(sign);
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static int overWhite(int argb) {
    int alpha = argb >>> 24;
    int result = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int channel = (argb >>> shift) & 0xFF;
      result |= ((channel * alpha + 255 * (255 - alpha) + 127) / 255) << shift;
    }
    return result;
  }

  /** Bounds of the non-background pixels at or below row {@code fromRow}. */
  private static Rectangle inkBounds(BufferedImage image, int fromRow) {
    Rectangle bounds = null;
    for (int y = fromRow; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int pixel = image.getRGB(x, y);
        boolean ink = image.getColorModel().hasAlpha() ? (pixel >>> 24) > 0 : (pixel & 0xFFFFFF) != 0xFFFFFF;
        if (ink) {
          Rectangle point = new Rectangle(x, y, 1, 1);
          bounds = bounds == null ? point : bounds.union(point);
        }
      }
    }
    return bounds;
  }
}
