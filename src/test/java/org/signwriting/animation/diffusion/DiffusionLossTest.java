package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.pose.PoseStatistics;

class DiffusionLossTest {

  private static final DiffusionLoss LOSS = new DiffusionLoss(new DiffusionConfig.Loss(1f, 0.5f, 0.1f, false),
      PoseStatistics.of(List.of("POINTS", "POINTS"), List.of("0", "1"), 1, new float[2], new float[] {1, 1}));

  /** One sample, 4 frames, 2 points × 1 dim. */
  private static DiffusionLoss.Terms compute(NDManager m, float[] predicted, float[] target, float[] mask) {
    Shape shape = new Shape(1, 4, 2);
    return LOSS.compute(m.create(predicted, shape), m.create(target, shape), m.create(mask, shape),
        m.create(new float[] {(float) Math.log(20)}), m.create(new float[] {20}), m.create(new float[] {1}));
  }

  @Test
  void aConstantOffsetCostsOnlyItsSquare() {
    try (NDManager m = NDManager.newBaseManager()) {
      DiffusionLoss.Terms terms = compute(m, new float[] {3, 3, 4, 4, 5, 5, 6, 6},
          new float[] {1, 1, 2, 2, 3, 3, 4, 4}, new float[] {1, 1, 1, 1, 1, 1, 1, 1});
      assertEquals(4f, terms.mse().getFloat(), 1e-6);
      assertEquals(0f, terms.velocity().getFloat(), 1e-6);
      assertEquals(0f, terms.acceleration().getFloat(), 1e-6);
      assertEquals(0f, terms.length().getFloat(), 1e-6);
      assertEquals(4f, terms.total().getFloat(), 1e-6);
    }
  }

  @Test
  void velocityAndAccelerationTermsAreWeighted() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Point 0 error over frames: 0, 1, 0, 1 → velocity errors 1, -1, 1 → acceleration errors -2, 2.
      DiffusionLoss.Terms terms = compute(m, new float[] {0, 0, 1, 0, 0, 0, 1, 0}, new float[8],
          new float[] {1, 1, 1, 1, 1, 1, 1, 1});
      assertEquals(2f / 8, terms.mse().getFloat(), 1e-6);
      assertEquals(3f / 6, terms.velocity().getFloat(), 1e-6);
      assertEquals(8f / 4, terms.acceleration().getFloat(), 1e-6);
      assertEquals(2f / 8 + 3f / 6 + 0.5f * 2, terms.total().getFloat(), 1e-6);
    }
  }

  @Test
  void maskedPointsAndPaddedFramesDoNotCount() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] mask = {1, 0, 1, 1, 1, 1, 0, 0}; // point 1 missing in frame 0; frame 3 padding
      DiffusionLoss.Terms a = compute(m, new float[] {1, 99, 1, 1, 1, 1, -50, 70}, new float[8], mask);
      DiffusionLoss.Terms b = compute(m, new float[] {1, 0, 1, 1, 1, 1, 0, 0}, new float[8], mask);
      assertEquals(b.total().getFloat(), a.total().getFloat(), 1e-6);
      assertEquals(1f, a.mse().getFloat(), 1e-6);
      NDArray noSign = m.create(new float[] {0});
      DiffusionLoss.Terms unsigned = LOSS.compute(m.create(new float[8], new Shape(1, 4, 2)),
          m.create(new float[8], new Shape(1, 4, 2)), m.create(mask, new Shape(1, 4, 2)),
          m.create(new float[] {50}), m.create(new float[] {20}), noSign);
      assertEquals(0f, unsigned.length().getFloat(), "no sign, no length target");
    }
  }

  /**
   * The loss of a batch is the mean of its samples' losses, whatever their numbers of real points, so that the
   * mean of the gradients of equal halves of a batch is the whole batch's (data-parallel training relies on it).
   */
  @Test
  void aBatchCostsTheMeanOfItsSamples() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] p1 = {1, 2, 0, 1, 3, 0, 1, 1};
      float[] p2 = {0, 5, 2, 1, 0, 0, 4, 1};
      float[] mask1 = {1, 1, 1, 1, 1, 1, 1, 1};
      float[] mask2 = {1, 0, 0, 0, 1, 1, 0, 0};
      float[] both = new float[16];
      System.arraycopy(p1, 0, both, 0, 8);
      System.arraycopy(p2, 0, both, 8, 8);
      float[] masks = new float[16];
      System.arraycopy(mask1, 0, masks, 0, 8);
      System.arraycopy(mask2, 0, masks, 8, 8);
      Shape two = new Shape(2, 4, 2);
      DiffusionLoss.Terms batch = LOSS.compute(m.create(both, two), m.create(new float[16], two),
          m.create(masks, two), m.create(new float[] {3, 2}), m.create(new float[] {20, 30}),
          m.create(new float[] {1, 0}));
      DiffusionLoss.Terms first = LOSS.compute(m.create(p1, new Shape(1, 4, 2)), m.create(new float[8],
          new Shape(1, 4, 2)), m.create(mask1, new Shape(1, 4, 2)), m.create(new float[] {3}),
          m.create(new float[] {20}), m.create(new float[] {1}));
      DiffusionLoss.Terms second = LOSS.compute(m.create(p2, new Shape(1, 4, 2)), m.create(new float[8],
          new Shape(1, 4, 2)), m.create(mask2, new Shape(1, 4, 2)), m.create(new float[] {2}),
          m.create(new float[] {30}), m.create(new float[] {0}));
      assertEquals((first.mse().getFloat() + second.mse().getFloat()) / 2, batch.mse().getFloat(), 1e-6);
      assertEquals((first.velocity().getFloat() + second.velocity().getFloat()) / 2, batch.velocity().getFloat(),
          1e-6);
      assertEquals((first.length().getFloat() + second.length().getFloat()) / 2, batch.length().getFloat(), 1e-6);
      assertEquals((first.total().getFloat() + second.total().getFloat()) / 2, batch.total().getFloat(), 1e-5);
    }
  }

  /**
   * A body with two wrists and two hands of a wrist and a thumb point each, one dimension: the layout names of
   * MediaPipe holistic, so the hands are carried by the body's wrists.
   */
  private static final PoseStatistics HANDS = PoseStatistics.of(
      List.of("POSE_LANDMARKS", "POSE_LANDMARKS", "LEFT_HAND_LANDMARKS", "LEFT_HAND_LANDMARKS",
          "RIGHT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS"),
      List.of("LEFT_WRIST", "RIGHT_WRIST", "WRIST", "THUMB_CMC", "WRIST", "THUMB_CMC"), 1, new float[6],
      new float[] {0.4f, 0.4f, 0, 0.1f, 0, 0.1f});

  /** The mse of a normalized error on one frame of the six points, measured in pose units. */
  private static float poseUnitMse(NDManager m, float[] error) {
    return poseUnitMse(m, error, new float[] {1, 1, 1, 1, 1, 1});
  }

  private static float poseUnitMse(NDManager m, float[] error, float[] mask) {
    DiffusionLoss loss = new DiffusionLoss(new DiffusionConfig.Loss(0, 0, 0, true), HANDS);
    Shape shape = new Shape(1, 1, 6);
    return loss.compute(m.create(error, shape), m.zeros(shape), m.create(mask, shape), m.create(new float[] {0}),
        m.create(new float[] {1}), m.create(new float[] {0})).mse().getFloat();
  }

  @Test
  void inPoseUnitsAWristsErrorIsAlsoItsHandsAndAHandsOwnWristCostsNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Varying coordinates' root mean square std: sqrt((0.16 + 0.16 + 0.01 + 0.01) / 4).
      double rms = Math.sqrt(0.34 / 4);
      // One normalized unit on the left body wrist is 0.4 units there, and the left thumb is drawn from it.
      double wrist = 0.4 / rms;
      assertEquals(2 * wrist * wrist / 6, poseUnitMse(m, new float[] {1, 0, 0, 0, 0, 0}), 1e-5);
      // The same unit on the thumb alone is its std: a quarter of the wrist's.
      double thumb = 0.1 / rms;
      assertEquals(thumb * thumb / 6, poseUnitMse(m, new float[] {0, 0, 0, 1, 0, 0}), 1e-5);
      // A hand's own wrist is replaced by the body's when drawn.
      assertEquals(0, poseUnitMse(m, new float[] {0, 0, 5, 0, 5, 0}), 1e-7);
      // Wrist and thumb errors that cancel in the drawn thumb cost only the wrist's own.
      assertEquals(wrist * wrist / 6, poseUnitMse(m, new float[] {0, 1, 0, 0, 0, -4}), 1e-5);
      // An undetected wrist adds nothing to its hand: the thumb counts its own error among the 5 real points.
      assertEquals(thumb * thumb / 5, poseUnitMse(m, new float[] {1, 0, 0, 1, 0, 0}, new float[] {0, 1, 1, 1, 1, 1}),
          1e-5);
    }
  }
}
