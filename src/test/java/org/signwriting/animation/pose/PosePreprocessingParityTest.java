package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.signwriting.animation.pose.ReferenceFigures.assertClose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

/**
 * The training pre-processing of the 23 holistic shared files gives what pose-format's reduce_holistic and
 * correct_wrists, its normalize with pose_normalization_info and pose-anonymization's shift_hands give, to 1e-4.
 */
class PosePreprocessingParityTest {
  private static final double TOLERANCE = 1e-4;

  static Stream<CSVRecord> holisticFiles() {
    return ReferenceFigures.preprocess().stream();
  }

  @Test
  void referenceCoversTheHolisticFiles() {
    assertEquals(23, ReferenceFigures.preprocess().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("holisticFiles")
  void matchesPoseFormatAndPoseAnonymization(CSVRecord row) throws IOException {
    Pose original = PoseReader.read(SharedData.path("poses/" + row.get("file")));
    float[] before = original.body().data().clone();
    Pose pose = PosePreprocessing.forTraining(original);

    assertEquals(0, Arrays.compare(before, original.body().data()), "the input pose is left as it is");
    assertNotSame(original.body().data(), pose.body().data());
    PoseBody body = pose.body();
    assertEquals(Integer.parseInt(row.get("frames")), body.frames());
    assertEquals(Integer.parseInt(row.get("people")), body.people());
    assertEquals(Integer.parseInt(row.get("points")), body.points());
    assertEquals(Integer.parseInt(row.get("dims")), body.dims());
    assertEquals(row.get("components"), pose.header().components().stream()
        .map(c -> c.name() + ":" + c.points().size() + ":" + c.limbs().size() + ":" + c.colors().size())
        .collect(Collectors.joining("|")));
    double[] sums = ReferenceFigures.checksums(body.data());
    int n = body.data().length;
    assertClose(Double.parseDouble(row.get("dataMean")), sums[0] / n, TOLERANCE, "mean value");
    assertClose(Double.parseDouble(row.get("dataAbsMean")), sums[1] / n, TOLERANCE, "mean magnitude");
    assertClose(Double.parseDouble(row.get("dataWeightedMean")), sums[2] / n, TOLERANCE, "weighted mean");
    assertClose(Double.parseDouble(row.get("confidenceSum")), ReferenceFigures.sum(body.confidence()), 1e-9,
        "confidence sum");

    String[] expected = row.get("middleFrameValues").split(" ");
    int[] points = {0, 7, 20, 136, 140, 150, 160, 170};
    int frame = body.frames() / 2;
    for (int p = 0; p < points.length; p++) {
      for (int d = 0; d < body.dims(); d++) {
        float actual = body.data()[body.dataIndex(frame, 0, points[p]) + d];
        assertEquals(Double.parseDouble(expected[p * body.dims() + d]), actual, TOLERANCE,
            "frame " + frame + " point " + points[p] + " dim " + d);
      }
    }
  }

  @Test
  void reducedLayoutIsTheLayoutOfTheAlreadyReducedFiles() throws IOException {
    PoseHeader reference = PoseReader.readHeader(SharedData.path("poses/dsgs-original-essen.pose"));
    for (String file : new String[] {"whatsthatsign-524.pose", "pose-viewer-sample-holistic.pose"}) {
      PoseHeader reduced = Holistic.reduce(PoseReader.read(SharedData.path("poses/" + file))).header();
      assertEquals(178, reduced.totalPoints());
      assertEquals(reference.componentNames(), reduced.componentNames());
      for (PoseComponent component : reference.components()) {
        PoseComponent actual = reduced.component(component.name()).orElseThrow();
        assertEquals(component.points(), actual.points(), component.name());
        assertEquals(component.limbs(), actual.limbs(), component.name());
      }
    }
  }

  @Test
  void handOnlyPoseCannotBePreprocessed() throws IOException {
    Path handOnly = SharedData.path("poses/pose-format-mediapipe_hand_normalized.pose");
    Pose pose = PoseReader.read(handOnly);
    IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> PosePreprocessing.forTraining(pose));
    assertEquals("cannot reduce a holistic pose without POSE_LANDMARKS (it has [RIGHT_HAND_LANDMARKS])",
        error.getMessage());
  }
}
