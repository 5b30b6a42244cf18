package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class InkImageTest {

  /** A 224×224 white image with a black rectangle. */
  static BufferedImage imageWithRectangle(int x, int y, int width, int height) {
    BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 224, 224);
    g.setColor(Color.BLACK);
    g.fillRect(x, y, width, height);
    g.dispose();
    return image;
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  @Test
  void keepsTheInkAndItsBounds() {
    InkImage ink = InkImage.of(imageWithRectangle(100, 50, 20, 10));
    assertArrayEquals(new int[] {100, 50, 120, 60}, ink.inkBounds());
    assertEquals(1f, ink.at(100, 50));
    assertEquals(0f, ink.at(99, 50));
    assertEquals(0f, ink.at(0, 0));
  }

  @Test
  void transparentPixelsArePaper() {
    BufferedImage transparent = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    assertTrue(InkImage.of(transparent).isBlank());
  }

  @Test
  void cropAveragesAreasAndKeepsTheInkMass() {
    InkImage ink = InkImage.of(imageWithRectangle(100, 50, 20, 10));
    // 224 pixels to 32: each output pixel averages a 7×7 square; the rectangle's 200 ink pixels become
    // 200 / 49 of output ink.
    float[] small = ink.crop(0, 0, 224, 32);
    assertEquals(200.0 / 49, sum(small), 1e-3);
    // Source pixels 96..103 × 46..53 by twos: the rectangle starts at the third column and third row.
    float[] corner = ink.crop(96, 46, 8, 4);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1}, corner, 1e-6f);
  }

  @Test
  void scaledAndShiftedMovesAndResizesTheInk() {
    InkImage ink = InkImage.of(imageWithRectangle(102, 102, 20, 20));
    InkImage moved = ink.scaledAndShifted(1.0, 7, -5);
    assertArrayEquals(new int[] {109, 97, 129, 117}, moved.inkBounds());
    InkImage doubled = ink.scaledAndShifted(2.0, 0, 0);
    // About the centre (112, 112): 102..122 becomes 92..132.
    assertArrayEquals(new int[] {92, 92, 132, 132}, doubled.inkBounds());
    assertEquals(1600, sum(doubled.crop(0, 0, 224, 224)), 1);
  }

  @Test
  void lineWidthChangesThickenAndThinWithoutErasing() {
    InkImage line = InkImage.of(imageWithRectangle(50, 100, 100, 1));
    double original = sum(line.crop(0, 0, 224, 224));
    double thicker = sum(line.withLineWidthChange(true).crop(0, 0, 224, 224));
    double thinner = sum(line.withLineWidthChange(false).crop(0, 0, 224, 224));
    assertTrue(thicker > original * 1.5, "thicker " + thicker + " vs " + original);
    assertTrue(thinner < original && thinner > original * 0.4, "thinner " + thinner + " vs " + original);
  }

  @Test
  void toImageDrawsTheSameInkBack() {
    InkImage ink = InkImage.of(imageWithRectangle(10, 20, 30, 40)).scaledAndShifted(1.1, 0.5, 0.5);
    InkImage again = InkImage.of(ink.toImage());
    assertArrayEquals(ink.crop(0, 0, 224, 56), again.crop(0, 0, 224, 56), 1e-6f);
  }
}
