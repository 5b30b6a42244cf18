package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.pose.ReferenceFigures.assertClose;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

class PoseNormalizationTest {
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
    PoseNormalization normalization =
        PoseNormalization.load(SharedData.path("normalization/pose_normalization.json"));
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
    PoseNormalization normalization = PoseNormalization.parse("two.json", new StringReader(TWO_POINTS));
    Pose pose = twoPointPose();
    Pose normalized = normalization.normalize(pose);
    // B: (x + 1) / 0.5, (y - 0.5) / 4 ; A: (x - 1) / 2, (y - 2) / 1 ; undetected A in frame 0 unchanged
    assertArrayEquals(new float[] {8, 1, 7, 7, 2, 0.5f, 2, 1}, normalized.body().data());
    assertArrayEquals(pose.body().data(), normalization.denormalize(normalized).body().data());
    assertArrayEquals(new float[] {3, 4.5f, 7, 7, 0, 2.5f, 5, 3}, pose.body().data(), "input untouched");
  }

  @Test
  void meanPoseHasEveryPointAtItsMean() throws IOException {
    PoseNormalization normalization = PoseNormalization.parse("two.json", new StringReader(TWO_POINTS));
    Pose mean = normalization.meanPose(twoPointPose().header(), 25);
    assertArrayEquals(new float[] {-1, 0.5f, 1, 2}, mean.body().data());
    assertArrayEquals(new float[] {1, 1}, mean.body().confidence());
  }

  @Test
  void pointMissingFromTheNormalizationIsNamed() throws IOException {
    PoseNormalization normalization = PoseNormalization.parse("one.json",
        new StringReader("{\"HAND\": {\"A\": {\"mean\": [1, 2], \"std\": [1, 1]}}}"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> normalization.normalize(twoPointPose()));
    assertEquals("the pose normalization has no point HAND/B", error.getMessage());
  }

  @Test
  void malformedNormalizationFileIsNamed() {
    IOException error = assertThrows(IOException.class, () -> PoseNormalization.parse("bad.json",
        new StringReader("{\"HAND\": {\"A\": {\"mean\": [1, 2]}}}")));
    assertEquals("bad.json: not a pose normalization file: HAND/A has no \"std\" list", error.getMessage());
    IOException notJson = assertThrows(IOException.class,
        () -> PoseNormalization.parse("text.json", new StringReader("[1, 2")));
    assertTrue(notJson.getMessage().startsWith("text.json: not a pose normalization file"), notJson.getMessage());
  }
}
