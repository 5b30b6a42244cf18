package org.signwriting.animation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PointStatisticsTest {

  @Test
  void masksAreIgnoredAndStdIsThePopulationOne() {
    // 1 person, 2 points, 2 dims, 3 frames; point 1 is masked in frame 1.
    float[] data = {
        1, 10, 5, 50,
        2, 20, 99, 99,
        3, 30, 7, 70};
    float[] confidence = {1, 1, 1, 0, 1, 1};
    PointStatistics stats = new PointStatistics(2, 2);
    stats.add(data, confidence, 3, 1);
    assertEquals(3, stats.count(0));
    assertEquals(2, stats.count(1));
    assertEquals(2.0, stats.mean(0, 0), 1e-12);
    assertEquals(20.0, stats.mean(0, 1), 1e-12);
    assertEquals(Math.sqrt(2.0 / 3), stats.std(0, 0), 1e-12);
    assertEquals(Math.sqrt(200.0 / 3), stats.std(0, 1), 1e-12);
    assertEquals(6.0, stats.mean(1, 0), 1e-12);
    assertEquals(1.0, stats.std(1, 0), 1e-12);
    assertEquals(60.0, stats.mean(1, 1), 1e-12);
  }

  @Test
  void mergingPartsEqualsOnePass() {
    Random random = new Random(7);
    int points = 5;
    int dims = 3;
    PointStatistics whole = new PointStatistics(points, dims);
    PointStatistics merged = new PointStatistics(points, dims);
    for (int sequence = 0; sequence < 6; sequence++) {
      int frames = 1 + random.nextInt(20);
      int people = 1 + random.nextInt(2);
      float[] data = new float[frames * people * points * dims];
      float[] confidence = new float[frames * people * points];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (random.nextGaussian() * 3 + 100);
      }
      for (int i = 0; i < confidence.length; i++) {
        confidence[i] = random.nextInt(4) == 0 ? 0 : random.nextFloat();
      }
      whole.add(data, confidence, frames, people);
      PointStatistics part = new PointStatistics(points, dims);
      part.add(data, confidence, frames, people);
      merged.merge(part);
    }
    for (int p = 0; p < points; p++) {
      assertEquals(whole.count(p), merged.count(p));
      for (int d = 0; d < dims; d++) {
        assertEquals(whole.mean(p, d), merged.mean(p, d), 1e-9);
        assertEquals(whole.std(p, d), merged.std(p, d), 1e-9);
        assertTrue(whole.std(p, d) > 2 && whole.std(p, d) < 4, "std near 3: " + whole.std(p, d));
      }
    }
  }

  @Test
  void alwaysMaskedPointHasNoValueAndBadShapesAreRefused() {
    PointStatistics stats = new PointStatistics(1, 2);
    stats.add(new float[] {1, 2}, new float[] {0}, 1, 1);
    assertTrue(Double.isNaN(stats.mean(0, 0)));
    assertTrue(Double.isNaN(stats.std(0, 1)));
    assertThrows(IllegalArgumentException.class, () -> stats.add(new float[3], new float[1], 1, 1));
    assertThrows(IllegalArgumentException.class, () -> stats.merge(new PointStatistics(2, 2)));
  }
}
