package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MotionMetricsTest {

  /** One point in 1-D moving through the given positions. */
  private static float[] path(float... positions) {
    return positions;
  }

  @Test
  void dtwForgivesTimingButNotPlace() {
    float[] motion = path(0, 1, 2, 3, 4);
    assertEquals(0, MotionMetrics.dtwMeanJointError(motion, null, motion, null, 1, 1), 1e-12);
    // The same path, each pose held twice: DTW aligns it at no cost; a frame-wise comparison could not.
    float[] slow = path(0, 0, 1, 1, 2, 2, 3, 3, 4, 4);
    assertEquals(0, MotionMetrics.dtwMeanJointError(motion, null, slow, null, 1, 1), 1e-12);
    // The same 2-D path moved sideways by 2: no alignment helps; the best one pairs the 4 frames, 2 each.
    float[] along = {0, 0, 1, 0, 2, 0, 3, 0};
    float[] beside = {0, 2, 1, 2, 2, 2, 3, 2};
    assertEquals(8, MotionMetrics.dtwMeanJointError(along, null, beside, null, 1, 2), 1e-12);
  }

  @Test
  void pointsAreAlignedSeparatelyAndMaskedPairsCostNothing() {
    // Two 2-D points, one frame: errors (3, 4) -> 5, and (100, 100) for a point masked on one side -> 0.
    float[] a = {0, 0, 100, 100};
    float[] b = {3, 4, 0, 0};
    float[] mask = {1, 0};
    assertEquals(2.5, MotionMetrics.dtwMeanJointError(a, mask, b, null, 2, 2), 1e-12);
    assertEquals((5 + 100 * Math.sqrt(2)) / 2, MotionMetrics.dtwMeanJointError(a, null, b, null, 2, 2), 1e-9);
    assertEquals(0, MotionMetrics.dtwMeanJointError(a, new float[] {0, 0}, b, null, 2, 2));
  }

  /**
   * Figures computed with pose-evaluation's definition in numpy (masked arrays, {@code masked_array_power_distance}
   * with power 2 and default distance 0 as the frame cost, exact DTW per keypoint, mean over keypoints):
   * {@code src/test/resources/org/signwriting/animation/diffusion/dtw_mje_reference.py} prints them.
   */
  @Test
  void matchesPoseEvaluationsDefinition() {
    float[] a = sequence(7, 3, (t, p, d) -> Math.sin(0.7 * t + 1.3 * p + 0.5 * d));
    float[] b = sequence(5, 3, (t, p, d) -> 1.5 * Math.cos(0.4 * t + 0.9 * p - 0.3 * d));
    float[] maskA = ones(7 * 3);
    maskA[2] = 0; // frame 0, point 2
    maskA[4 * 3 + 2] = 0; // frame 4, point 2
    float[] maskB = ones(5 * 3);
    maskB[2 * 3 + 1] = 0; // frame 2, point 1
    assertEquals(7.509670777, MotionMetrics.dtwMeanJointError(a, maskA, b, maskB, 3, 3), 1e-5);
    assertEquals(7.509670777, MotionMetrics.dtwMeanJointError(b, maskB, a, maskA, 3, 3), 1e-5);
    assertEquals(9.552955503, MotionMetrics.dtwMeanJointError(a, null, b, null, 3, 3), 1e-5);
    // pose-evaluation's own DTW test, in Euclidean distance: 2 frames of zeros against 3 of ones, 4 points.
    float[] ones = new float[3 * 4 * 3];
    java.util.Arrays.fill(ones, 1);
    assertEquals(5.196152423, MotionMetrics.dtwMeanJointError(new float[2 * 4 * 3], null, ones, null, 4, 3),
        1e-9);
  }

  private interface Value {
    double at(int frame, int point, int dim);
  }

  private static float[] sequence(int frames, int points, Value value) {
    float[] data = new float[frames * points * 3];
    for (int t = 0; t < frames; t++) {
      for (int p = 0; p < points; p++) {
        for (int d = 0; d < 3; d++) {
          data[(t * points + p) * 3 + d] = (float) value.at(t, p, d);
        }
      }
    }
    return data;
  }

  private static float[] ones(int n) {
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }

  @Test
  void displacementRatioExposesCollapse() {
    float[] real = path(0, 1, 0, 1, 0);
    assertEquals(1, MotionMetrics.displacementRatio(real, real, null, 1, 1), 1e-12);
    assertEquals(0, MotionMetrics.displacementRatio(path(0.5f, 0.5f, 0.5f, 0.5f, 0.5f), real, null, 1, 1));
    assertEquals(0.5, MotionMetrics.displacementRatio(path(0, 0.5f, 0, 0.5f, 0), real, null, 1, 1), 1e-12);
    assertTrue(Double.isNaN(MotionMetrics.displacementRatio(real, path(1, 1, 1, 1, 1), null, 1, 1)));
  }
}
