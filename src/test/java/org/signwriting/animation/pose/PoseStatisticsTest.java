package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.pose.ReferenceFigures.assertClose;

import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

/** The one statistics type: its accumulator, its JSON, its rule for degenerate values, and normalization. */
class PoseStatisticsTest {
  private static final double TOLERANCE = 1e-4;

  static Stream<CSVRecord> holisticFiles() {
    return ReferenceFigures.normalization().stream();
  }

  /**
   * pose-anonymization's normalization of the pre-processed pose, then its inverse followed by unshift_hands,
   * give the same statistics as here.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("holisticFiles")
  void normalizeAndRestoreMatchPoseAnonymization(CSVRecord row) throws IOException {
    PoseStatistics normalization = PoseStatistics.read(SharedData.path("normalization/pose_normalization.json"));
    Pose preprocessed = PosePreprocessing.forTraining(PoseReader.read(SharedData.path("poses/" + row.get("file"))));

    Pose normalized = normalization.normalize(preprocessed);
    assertStatistics(row, "normalized", normalized.body().data());
    Pose restored = HandShift.unshift(normalization.denormalize(normalized));
    assertStatistics(row, "restored", restored.body().data());
  }

  private static void assertStatistics(CSVRecord row, String prefix, float[] data) {
    double[] sums = ReferenceFigures.checksums(data);
    assertClose(Double.parseDouble(row.get(prefix + "Mean")), sums[0] / data.length, TOLERANCE, prefix + " mean");
    assertClose(Double.parseDouble(row.get(prefix + "AbsMean")), sums[1] / data.length, TOLERANCE,
        prefix + " mean magnitude");
    assertClose(Double.parseDouble(row.get(prefix + "WeightedMean")), sums[2] / data.length, TOLERANCE,
        prefix + " weighted mean");
  }

  private static final String TWO_POINTS = """
      {"HAND": {"A": {"mean": [1, 2], "std": [2, 0]},
                "B": {"mean": [-1, 0.5], "std": [0.5, 4]}}}""";

  private static Pose twoPointPose() {
    PoseComponent hand = new PoseComponent("HAND", "XYC", List.of("B", "A"), List.of(), List.of());
    PoseHeader header = new PoseHeader(0.2f, 10, 10, 0, List.of(hand));
    // frame 0: B detected, A not; frame 1: both detected
    float[] data = {3, 4.5f, 7, 7, 0, 2.5f, 5, 3};
    float[] confidence = {1, 0, 0.5f, 1};
    return new Pose(header, new PoseBody(25, 2, 1, 2, 2, data, confidence));
  }

  @Test
  void normalizesDetectedPointsByNameAndTreatsZeroStdAsOne() throws IOException {
    PoseStatistics normalization = PoseStatistics.parse("two.json", new StringReader(TWO_POINTS));
    Pose pose = twoPointPose();
    Pose normalized = normalization.normalize(pose);
    // B: (x + 1) / 0.5, (y - 0.5) / 4 ; A: (x - 1) / 2, (y - 2) / 1 ; undetected A in frame 0 unchanged
    assertArrayEquals(new float[] {8, 1, 7, 7, 2, 0.5f, 2, 1}, normalized.body().data());
    assertArrayEquals(pose.body().data(), normalization.denormalize(normalized).body().data());
    assertArrayEquals(new float[] {3, 4.5f, 7, 7, 0, 2.5f, 5, 3}, pose.body().data(), "input untouched");
  }

  @Test
  void meanPoseHasEveryPointAtItsMean() throws IOException {
    PoseStatistics normalization = PoseStatistics.parse("two.json", new StringReader(TWO_POINTS));
    Pose mean = normalization.meanPose(twoPointPose().header(), 25);
    assertArrayEquals(new float[] {-1, 0.5f, 1, 2}, mean.body().data());
    assertArrayEquals(new float[] {1, 1}, mean.body().confidence());
  }

  @Test
  void pointMissingFromTheNormalizationIsNamed() throws IOException {
    PoseStatistics normalization = PoseStatistics.parse("one.json",
        new StringReader("{\"HAND\": {\"A\": {\"mean\": [1, 2], \"std\": [1, 1]}}}"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> normalization.normalize(twoPointPose()));
    assertEquals("the pose statistics have no point HAND/B", error.getMessage());
  }

  @Test
  void malformedNormalizationFileIsNamed() {
    IOException error = assertThrows(IOException.class, () -> PoseStatistics.parse("bad.json",
        new StringReader("{\"HAND\": {\"A\": {\"mean\": [1, 2]}}}")));
    assertEquals("bad.json: not pose statistics (HAND/A has no \"std\" list)", error.getMessage());
    IOException notJson = assertThrows(IOException.class,
        () -> PoseStatistics.parse("text.json", new StringReader("[1, 2")));
    assertTrue(notJson.getMessage().startsWith("text.json: not pose statistics ("), notJson.getMessage());
  }

  @Test
  void accumulatorIgnoresMasksAndItsStdIsThePopulationOne() {
    // 1 person, 2 points, 2 dims, 3 frames; point 1 is masked in frame 1.
    float[] data = {
        1, 10, 5, 50,
        2, 20, 99, 99,
        3, 30, 7, 70};
    float[] confidence = {1, 1, 1, 0, 1, 1};
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(2, 2);
    accumulator.add(data, confidence, 3, 1);
    PoseStatistics stats = accumulator.result(List.of("HAND", "HAND"), List.of("A", "B"));
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
    PoseStatistics.Accumulator whole = new PoseStatistics.Accumulator(points, dims);
    PoseStatistics.Accumulator merged = new PoseStatistics.Accumulator(points, dims);
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
      PoseStatistics.Accumulator part = new PoseStatistics.Accumulator(points, dims);
      part.add(data, confidence, frames, people);
      merged.merge(part);
    }
    List<String> components = Collections.nCopies(points, "BODY");
    List<String> names = List.of("a", "b", "c", "d", "e");
    PoseStatistics a = whole.result(components, names);
    PoseStatistics b = merged.result(components, names);
    for (int p = 0; p < points; p++) {
      assertEquals(a.count(p), b.count(p));
      for (int d = 0; d < dims; d++) {
        assertEquals(a.mean(p, d), b.mean(p, d), 1e-9);
        assertEquals(a.std(p, d), b.std(p, d), 1e-9);
        assertTrue(a.std(p, d) > 2 && a.std(p, d) < 4, "std near 3: " + a.std(p, d));
      }
    }
  }

  @Test
  void neverObservedPointsHaveNoValueNearZeroStdsDivideByOneAndBadShapesAreRefused() {
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(3, 2);
    // Point 0 never detected; point 1 still in x (std 0) and nearly still in y; point 2 moves.
    accumulator.add(new float[] {9, 9, 4, 1, 0, 0, 9, 9, 4, 1.0000001f, 2, 4}, new float[] {0, 1, 1, 0, 1, 1}, 2, 1);
    PoseStatistics stats = accumulator.result(List.of("B", "B", "B"), List.of("p0", "p1", "p2"));
    assertTrue(Double.isNaN(stats.mean(0, 0)));
    assertTrue(Double.isNaN(stats.std(0, 1)));
    assertEquals(0.0, stats.std(1, 0));
    assertTrue(stats.std(1, 1) < PoseStatistics.MIN_STD);
    float[] frame = {5, 6, 4, 3, 2, 4};
    stats.normalizeFrames(frame);
    assertArrayEquals(new float[] {5, 6, 0, 2, 1, 1}, frame, 1e-6f,
        "never observed: as it is; std 0 or near it: divided by 1; point 2: mean (1, 2), std (1, 2)");
    assertArrayEquals(new float[] {0, 0, 4, 1, 1, 2}, stats.meanFrame(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> accumulator.add(new float[3], new float[1], 1, 1));
    assertThrows(IllegalArgumentException.class, () -> accumulator.merge(new PoseStatistics.Accumulator(2, 2)));
  }

  @Test
  void jsonRoundTripsWithCountsAndNullsForNeverObservedPoints() throws IOException {
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(3, 2);
    accumulator.add(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new float[] {1, 1, 0, 1, 0.5f, 0}, 2, 1);
    PoseStatistics stats = accumulator.result(List.of("BODY", "HAND", "HAND"), List.of("NOSE", "WRIST", "THUMB"));
    String json = stats.toJson();
    assertTrue(json.contains("\"THUMB\": {\"mean\": [null, null], \"std\": [null, null], \"count\": 0}"), json);
    PoseStatistics again = PoseStatistics.parse("stats.json", new StringReader(json));
    assertEquals(stats.components(), again.components());
    assertEquals(stats.names(), again.names());
    for (int p = 0; p < 3; p++) {
      assertEquals(stats.count(p), again.count(p));
      for (int d = 0; d < 2; d++) {
        assertEquals(stats.mean(p, d), again.mean(p, d), 0);
        assertEquals(stats.std(p, d), again.std(p, d), 0);
      }
    }
    assertEquals(json, again.toJson());
    assertEquals(-1, PoseStatistics.parse("two.json", new StringReader(TWO_POINTS)).count(0), "no counts given");
  }
}
