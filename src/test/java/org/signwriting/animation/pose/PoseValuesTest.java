package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.testing.SharedData;

/**
 * Seen: poses with NaN, infinite or 3e38 coordinates, or NaN confidence, passed the training pre-processing, so that
 * pose-stats reported NaN for every mean and train refused the whole dataset. They are refused with the frame, the
 * point and the value; undetected points may hold anything (pose-format's own files hold NaN there).
 */
class PoseValuesTest {
  private static Pose real() throws IOException {
    return PoseReader.read(SharedData.path("poses/whatsthatsign-524.pose"));
  }

  /** A copy of {@code pose} with one value of frame 2's point {@code name} (x when {@code d} is 0) set. */
  private static Pose with(Pose pose, String component, String name, int d, float value, float confidence) {
    Pose copy = pose.copy();
    int point = copy.header().pointIndex(component, name);
    int index = copy.body().confidenceIndex(2, 0, point);
    copy.body().data()[index * copy.body().dims() + d] = value;
    copy.body().confidence()[index] = confidence;
    return copy;
  }

  @Test
  void nonFiniteOrAbsurdValuesOfDetectedPointsAreRefusedWithTheirPlace() throws IOException {
    Pose pose = real();
    PoseValueException nan = assertThrows(PoseValueException.class,
        () -> PosePreprocessing.forTraining(with(pose, "POSE_LANDMARKS", "RIGHT_ELBOW", 0, Float.NaN, 0.9f)));
    assertEquals("frame 2, point POSE_LANDMARKS/RIGHT_ELBOW: x is NaN (a detected point's coordinates are finite, "
        + "within +-1e+06)", nan.getMessage());
    PoseValueException infinite = assertThrows(PoseValueException.class, () -> PosePreprocessing.forTraining(
        with(pose, "RIGHT_HAND_LANDMARKS", "WRIST", 1, Float.NEGATIVE_INFINITY, 1)));
    assertEquals("frame 2, point RIGHT_HAND_LANDMARKS/WRIST: y is -Infinity (a detected point's coordinates are "
        + "finite, within +-1e+06)", infinite.getMessage());
    PoseValueException huge = assertThrows(PoseValueException.class,
        () -> PosePreprocessing.forTraining(with(pose, "POSE_LANDMARKS", "RIGHT_ELBOW", 2, 3e38f, 1)));
    assertEquals("frame 2, point POSE_LANDMARKS/RIGHT_ELBOW: z is 3.0E38 (a detected point's coordinates are finite, "
        + "within +-1e+06)", huge.getMessage());
    PoseValueException confidence = assertThrows(PoseValueException.class,
        () -> PosePreprocessing.forTraining(with(pose, "POSE_LANDMARKS", "RIGHT_ELBOW", 0, 1, Float.NaN)));
    assertEquals("frame 2, point POSE_LANDMARKS/RIGHT_ELBOW: confidence is NaN (a finite number, 0 when not detected)",
        confidence.getMessage());
  }

  @Test
  void undetectedPointsAndPointsThatAreNotKeptMayHoldAnything() throws IOException {
    Pose pose = real();
    Pose maskedNan = with(pose, "POSE_LANDMARKS", "RIGHT_ELBOW", 0, Float.NaN, 0);
    assertEquals(pose.body().frames(), PosePreprocessing.forTraining(maskedNan).body().frames());
    // the body's nose is not among the 178 points training keeps (the face mesh has it)
    Pose dropped = with(pose, "POSE_LANDMARKS", "NOSE", 0, Float.NaN, 1);
    assertEquals(178, PosePreprocessing.forTraining(dropped).body().points());
  }

  @Test
  void shouldersAtOnePlaceCannotBeNormalized() throws IOException {
    Pose pose = real().copy();
    PoseBody body = pose.body();
    int left = pose.header().pointIndex("POSE_LANDMARKS", "LEFT_SHOULDER");
    int right = pose.header().pointIndex("POSE_LANDMARKS", "RIGHT_SHOULDER");
    for (int frame = 0; frame < body.frames(); frame++) {
      System.arraycopy(body.data(), body.dataIndex(frame, 0, left), body.data(), body.dataIndex(frame, 0, right),
          body.dims());
    }
    PoseValueException e = assertThrows(PoseValueException.class, () -> PosePreprocessing.forTraining(pose));
    assertEquals("cannot normalize: the normalization points (POSE_LANDMARKS/RIGHT_SHOULDER, "
        + "POSE_LANDMARKS/LEFT_SHOULDER) are 0.0 apart on average", e.getMessage());
  }

  /**
   * Every special value, on every axis, with every kind of confidence, in a 3-dimensional (holistic) and a
   * 2-dimensional (OpenPose) pose: refused exactly when the confidence is not a finite number at least 0, or the
   * point is detected and the value is not within the coordinate bound.
   */
  @Test
  void everySpecialValueIsJudgedByTheRule() throws IOException {
    float[] coordinates = {0, 1e6f, -1e6f, Math.nextUp(1e6f), -1e7f, 3e38f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
    float[] confidences = {0, -0f, 0.5f, 1, -1, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY};
    for (Pose pose : List.of(real(), PoseReader.read(SharedData.path("poses/pose-viewer-example-openpose.pose")))) {
      PoseBody body = pose.body();
      Pose clean = pose.copy();
      java.util.Arrays.fill(clean.body().data(), 0.5f);
      java.util.Arrays.fill(clean.body().confidence(), 1f);
      assertEquals(null, PoseValues.firstProblem(clean));
      int last = body.confidence().length - 1;
      for (int index : new int[] {0, last / 2, last}) {
        for (int d = 0; d < body.dims(); d++) {
          for (float value : coordinates) {
            for (float c : confidences) {
              Pose damaged = clean.copy();
              damaged.body().data()[index * body.dims() + d] = value;
              damaged.body().confidence()[index] = c;
              boolean confidenceBad = !(c >= 0) || c == Float.POSITIVE_INFINITY;
              boolean expected = confidenceBad || c != 0 && !(Math.abs(value) <= PoseValues.MAX_COORDINATE);
              assertEquals(expected, PoseValues.firstProblem(damaged) != null,
                  "value " + value + " on axis " + d + " of value " + index + ", confidence " + c);
            }
          }
        }
      }
    }
  }
}
