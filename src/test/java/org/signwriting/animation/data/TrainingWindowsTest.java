package org.signwriting.animation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.signwriting.SymbolTokens;
import org.signwriting.animation.data.TrainingWindows.Batch;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

class TrainingWindowsTest {

  private static final int POINTS = 2;
  private static final int DIMS = 2;

  /** Point p of frame f is at (f + 10p, -f), so every value tells which frame and point it came from. */
  private static Sequence counting(String id, int frames, float[] sign) {
    float[] data = new float[frames * POINTS * DIMS];
    float[] confidence = new float[frames * POINTS];
    for (int f = 0; f < frames; f++) {
      for (int p = 0; p < POINTS; p++) {
        data[(f * POINTS + p) * DIMS] = f + 10 * p;
        data[(f * POINTS + p) * DIMS + 1] = -f;
        confidence[f * POINTS + p] = 1;
      }
    }
    return new Sequence(id, frames, POINTS, DIMS, data, confidence, sign, null);
  }

  private static final List<String> COMPONENTS = List.of("BODY", "BODY");
  private static final List<String> NAMES = List.of("A", "B");
  private static final PoseStatistics IDENTITY = PoseStatistics.of(COMPONENTS, NAMES, DIMS, new float[4],
      new float[] {1, 1, 1, 1});

  @Test
  void windowsStartWhereTheSamplerStartsItsChunksWithPaddingMasked() {
    // 10 frames, 4 future: the sampler's chunks start at frames 0, 4 and 8.
    TrainingWindows windows = new TrainingWindows(List.of(counting("s", 10, null)), IDENTITY, 4, 4, 3, 0);
    SplittableRandom random = new SplittableRandom(1);
    Set<Integer> pivots = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Batch b = windows.batch(new int[] {0}, random);
      int pivot = (int) b.future()[0];
      pivots.add(pivot);
      if (pivot == 0) {
        // the sign's start after the mean pose: past all padding (zeros), future frames 0..3
        assertArrayEquals(new float[4 * POINTS * DIMS], b.past());
        assertEquals(13f, b.future()[3 * POINTS * DIMS + DIMS], "frame 3, point 1: 3 + 10");
      } else if (pivot == 4) {
        assertArrayEquals(new float[] {0, 0, 10, 0, 1, -1, 11, -1, 2, -2, 12, -2, 3, -3, 13, -3}, b.past());
      } else {
        // frames 8, 9 and two padded frames, masked
        assertEquals(8, pivot);
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, b.futureMask());
        assertEquals(0f, b.future()[2 * POINTS * DIMS]);
      }
      assertEquals(10f, b.frameCounts()[0]);
      assertEquals(0f, b.hasSign()[0]);
    }
    assertEquals(Set.of(0, 4, 8), pivots);

    // shorter than a chunk: always the start
    TrainingWindows tiny = new TrainingWindows(List.of(counting("t", 3, null)), IDENTITY, 4, 4, 3, 0);
    Batch t = tiny.batch(new int[] {0}, new SplittableRandom(1));
    assertArrayEquals(new float[16], t.past());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, t.futureMask());
    assertEquals(2f, t.future()[2 * POINTS * DIMS]);
  }

  @Test
  void longSequencePivotsAtEveryChunkStart() {
    TrainingWindows windows = new TrainingWindows(List.of(counting("long", 30, null)), IDENTITY, 4, 4, 3, 0);
    SplittableRandom random = new SplittableRandom(5);
    int[] counts = new int[30];
    for (int i = 0; i < 4000; i++) {
      Batch b = windows.batch(new int[] {0}, random);
      int pivot = (int) b.future()[0];
      if (pivot >= 4) {
        assertEquals(pivot - 4, (int) b.past()[0], "past ends right before the pivot");
      }
      counts[pivot]++;
    }
    for (int frame = 0; frame < 30; frame++) {
      if (frame % 4 == 0) {
        assertEquals(500, counts[frame], 80, "chunk start " + frame + " drawn uniformly");
      } else {
        assertEquals(0, counts[frame], "frame " + frame + " starts no chunk");
      }
    }
  }

  @Test
  void missingPointsStayAtTheMeanAndAreMasked() {
    // 4 frames, 4 future: every window starts at frame 0
    Sequence s = counting("gaps", 4, new float[] {1, 2, 3});
    s.confidence()[POINTS + 1] = 0; // frame 1, point 1
    s.data()[(POINTS + 1) * DIMS] = Float.NaN; // a missing point may hold anything
    PoseStatistics stats = PoseStatistics.of(COMPONENTS, NAMES, DIMS, new float[] {1, 0, 0, 0},
        new float[] {2, 1, 1, 0});
    TrainingWindows windows = new TrainingWindows(List.of(s), stats, 4, 4, 3, 0);
    Batch b = windows.batch(new int[] {0, 0}, new SplittableRandom(1));
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1, 1, 1}, Arrays.copyOfRange(b.futureMask(), 0, 8));
    assertEquals(0f, b.future()[POINTS * DIMS + DIMS]);
    assertEquals((2 - 1) / 2f, b.future()[2 * POINTS * DIMS], "normalized by mean 1 and std 2");
    assertEquals(-2f, b.future()[2 * POINTS * DIMS + 3], "std 0 counts as 1");
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, b.signConditions());
    assertArrayEquals(new float[] {1, 1}, b.hasSign());
  }

  @Test
  void statisticsIgnoreMissingPointsAndRoundTrip() {
    Sequence s = counting("s", 4, null);
    s.confidence()[1] = 0;
    s.data()[2] = 1000; // frame 0, point 1, missing
    PoseStatistics stats = TrainingWindows.statistics(List.of(s), COMPONENTS, NAMES);
    assertEquals(12.0, stats.mean(1, 0), 1e-6, "point 1 x over frames 1..3 only: 11, 12, 13");
    assertEquals(3, stats.count(1));
    assertEquals(1.5, stats.mean(0, 0), 1e-6);
    assertEquals(Math.sqrt(1.25), stats.std(0, 0), 1e-6);
    float[] frames = s.data().clone();
    stats.normalizeFrames(frames);
    stats.denormalizeFrames(frames);
    assertArrayEquals(s.data(), frames, 1e-4f);
  }

  @Test
  void badSequencesAreRefusedWithTheirId() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sequence("bad.pose", 2, 2, 2, new float[7], new float[4], null, null));
    assertTrue(e.getMessage().startsWith("bad.pose: data holds 7 numbers"), e.getMessage());
    float[] data = new float[8];
    data[5] = Float.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class,
        () -> new Sequence("inf.pose", 2, 2, 2, data, new float[] {1, 1, 1, 1}, null, null));
    assertTrue(e.getMessage().contains("frame 1, point 0 is Infinity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TrainingWindows(
        List.of(counting("s", 5, new float[2])), IDENTITY, 4, 4, 3, 0));
    assertTrue(e.getMessage().contains("sign embedding has 2 numbers, the model expects 3"), e.getMessage());
    PoseStatistics wide = PoseStatistics.of(List.of("BODY", "BODY", "BODY"), List.of("A", "B", "C"), 2,
        new float[6], new float[6]);
    e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingWindows(List.of(counting("s", 5, null)), wide, 4, 4, 3, 0));
    assertTrue(e.getMessage().contains("s: has 2 points × 2 dims, expected 3 × 2"), e.getMessage());
  }

  @Test
  void aSignsConditionIsItsEmbeddingThenItsSymbolRows() {
    String hello = "M518x529S14c20481x471S27106503x489";
    Sequence s = counting("hello.pose", 6, new float[] {1, 2, 3});
    Sequence signed = new Sequence(s.id(), s.frames(), s.points(), s.dims(), s.data(), s.confidence(),
        s.signEmbedding(), hello);
    TrainingWindows windows = new TrainingWindows(List.of(signed, counting("none.pose", 6, null)), IDENTITY, 4, 4,
        3, 2);
    Batch b = windows.batch(new int[] {0, 1}, new SplittableRandom(2));
    int size = 3 + 2 * SymbolTokens.FEATURES;
    assertEquals(2 * size, b.signConditions().length);
    float[] expected = new float[2 * size];
    System.arraycopy(new float[] {1, 2, 3}, 0, expected, 0, 3);
    System.arraycopy(SymbolTokens.of(hello, 2), 0, expected, 3, 2 * SymbolTokens.FEATURES);
    assertArrayEquals(expected, b.signConditions());
    assertArrayEquals(new float[] {1, 0}, b.hasSign());
    // A model with symbol rows needs the sign's text.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingWindows(List.of(s), IDENTITY, 4, 4, 3, 2));
    assertEquals("hello.pose: no SignWriting to read the symbols of", e.getMessage());
  }
}
