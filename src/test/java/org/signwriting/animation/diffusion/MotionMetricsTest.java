package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    // The same 2-D path moved sideways by 2: no alignment helps, every aligned pair costs 2.
    float[] along = {0, 0, 1, 0, 2, 0, 3, 0};
    float[] beside = {0, 2, 1, 2, 2, 2, 3, 2};
    assertEquals(2, MotionMetrics.dtwMeanJointError(along, null, beside, null, 1, 2), 1e-12);
  }

  @Test
  void meanJointErrorIsEuclideanPerPointOverRealPoints() {
    // Two points in 2-D, one frame: errors (3, 4) → 5 and a missing point that must not count.
    float[] a = {0, 0, 100, 100};
    float[] b = {3, 4, 0, 0};
    float[] mask = {1, 0};
    assertEquals(5, MotionMetrics.dtwMeanJointError(a, mask, b, mask, 2, 2), 1e-12);
    assertEquals((5 + 100 * Math.sqrt(2)) / 2, MotionMetrics.dtwMeanJointError(a, null, b, null, 2, 2), 1e-9);
    assertThrows(IllegalArgumentException.class,
        () -> MotionMetrics.dtwMeanJointError(a, new float[] {0, 0}, b, mask, 2, 2));
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
