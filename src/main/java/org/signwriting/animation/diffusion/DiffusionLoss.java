package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.signwriting.animation.pose.HandShift;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * The training loss: masked mean squared error of the predicted x0, plus the same on its velocity (first
 * difference over frames) and acceleration (second difference), which the seed adds against motion collapse,
 * plus the length head's squared error on log frame counts of samples that have a sign.
 *
 * <p>Only real points count: a frame difference counts where the point is present in every frame it spans.
 *
 * <p>Every term is a mean over the samples of the batch of each sample's own masked mean (its squared errors over its
 * real points), so the loss of a batch is the mean of its samples' losses, however many points each has. That
 * makes data-parallel training exact: the average of the gradients of equal-size parts of a batch is the gradient
 * of the whole batch, as {@code spark.ClusterTrainer}'s workers rely on. (A mean over all real points of the
 * batch at once would weight each part by its number of real points instead.)
 *
 * <p>Errors are measured in one of two units ({@link DiffusionConfig.Loss#poseUnits}):
 * <ul>
 *   <li>normalized, the units the model computes in: every coordinate's error divided by its standard deviation,
 *       so a face point (std about 0.01 shoulder widths in the demo's corpus) weighs as much as a wrist (about 0.4);
 *   <li>pose units with each hand carried by its wrist: the error times the standard deviation, and a hand point's
 *       error plus its body wrist's (a shifted hand is stored relative to its wrist, {@link HandShift}; a hand's
 *       own wrist, replaced by the body's when drawn, does not count). That is what DTW-MJE and the viewers see.
 *       Divided by the root mean square of the standard deviations, so the terms keep their size.
 * </ul>
 * In normalized units the 128 face points made up most of the loss and the body's wrist, the one point that says
 * where a hand is, 2 of 178 points: the demo's model learned the face and left the hands near the mean pose
 * (condition-swap accuracy of the first 20 frames on its own training signs 0.67; in pose units 0.84, the same run
 * otherwise).
 */
public final class DiffusionLoss {

  /** The loss terms of one batch; {@code total} is what is minimized. */
  public record Terms(NDArray total, NDArray mse, NDArray velocity, NDArray acceleration, NDArray length) {}

  private final DiffusionConfig.Loss weights;
  private final int points;
  private final int dims;
  /** In pose units: each coordinate's scale, {@code points × dims}; null in normalized units. */
  private final float[] scale;
  /** In pose units: {@code (points, points)}, 1 where the row's point adds its error to the column's. */
  private final float[] carry;

  /** The loss of a model of {@code statistics}' points (their layout says where the hands are). */
  public DiffusionLoss(DiffusionConfig.Loss weights, PoseStatistics statistics) {
    this.weights = weights;
    this.points = statistics.points();
    this.dims = statistics.dims();
    if (!weights.poseUnits()) {
      scale = null;
      carry = null;
      return;
    }
    int[] carriers = HandShift.carriers(statistics.components(), statistics.names());
    float[] s = new float[points * dims];
    double squares = 0;
    int varying = 0;
    for (int p = 0; p < points; p++) {
      for (int d = 0; d < dims; d++) {
        double std = statistics.std(p, d);
        if (Double.isFinite(std) && std >= PoseStatistics.MIN_STD) {
          s[p * dims + d] = (float) std;
          squares += std * std;
          varying++;
        }
      }
    }
    float rms = varying == 0 ? 1f : (float) Math.sqrt(squares / varying);
    for (int p = 0; p < points; p++) {
      for (int d = 0; d < dims; d++) {
        int i = p * dims + d;
        // A coordinate that never varied is normalized by 1 (PoseStatistics): its error counts as a typical one's,
        // which keeps the model's output there near the mean; a hand's own wrist does not count at all.
        s[i] = carriers[p] == HandShift.OWN_WRIST ? 0f : s[i] == 0 ? 1f : s[i] / rms;
      }
    }
    float[] c = new float[points * points];
    for (int p = 0; p < points; p++) {
      c[p * points + p] = 1;
      if (carriers[p] >= 0) {
        c[carriers[p] * points + p] = 1;
      }
    }
    scale = s;
    carry = c;
  }

  /**
   * @param predicted x0 {@code (B, F, points·dims)}
   * @param target x0 {@code (B, F, points·dims)}
   * @param mask {@code (B, F, points)}, 1 where the point is real
   * @param logFrames predicted log frame counts {@code (B)}
   * @param frameCounts true frame counts {@code (B)}
   * @param hasSign {@code (B)}, 1 where the sample has a sign embedding
   */
  public Terms compute(NDArray predicted, NDArray target, NDArray mask, NDArray logFrames,
      NDArray frameCounts, NDArray hasSign) {
    long batch = predicted.getShape().get(0);
    long frames = predicted.getShape().get(1);
    NDArray pointMask = mask.reshape(batch, frames, points, 1);
    NDArray error = inLossUnits(predicted.sub(target).reshape(batch, frames, points, dims), pointMask);
    NDArray mse = maskedMean(error, pointMask);
    NDArray velocityError = difference(error);
    NDArray velocityMask = bothPresent(pointMask);
    NDArray velocity = maskedMean(velocityError, velocityMask);
    NDArray acceleration = maskedMean(difference(velocityError), bothPresent(velocityMask));
    // Samples without a sign have no length target: they count as 0, so the term stays a mean over samples.
    NDArray length = logFrames.sub(frameCounts.log()).square().mul(hasSign).mean();
    NDArray total = mse.add(velocity.mul(scalar(velocity, weights.velocityWeight())))
        .add(acceleration.mul(scalar(acceleration, weights.accelerationWeight())))
        .add(length.mul(scalar(length, weights.lengthWeight())));
    return new Terms(total, mse, velocity, acceleration, length);
  }

  /**
   * {@code (B, F, points, dims)} normalized errors in the loss's units. In pose units a missing point's error is 0
   * before a hand point adds its wrist's: a hand whose wrist was not detected counts its own error only.
   */
  private NDArray inLossUnits(NDArray error, NDArray pointMask) {
    if (scale == null) {
      return error;
    }
    NDManager manager = error.getManager();
    NDArray scaled = error.mul(pointMask).mul(manager.create(scale, new Shape(1, 1, points, dims)));
    // (B, F, dims, points) × (points, points): each point's error plus its carrier's.
    return scaled.transpose(0, 1, 3, 2).matMul(manager.create(carry, new Shape(points, points)))
        .transpose(0, 1, 3, 2);
  }

  /**
   * A number as an array of {@code like}'s manager, alive until that manager closes. ({@code NDArray.mul(Number)}
   * closes the array it makes for the number right after the product, but autograd keeps it for the backward pass:
   * once the garbage collector frees its memory, the gradients are computed from whatever is there then.)
   */
  static NDArray scalar(NDArray like, float value) {
    return like.getManager().create(value);
  }

  /** Per sample Σ mask·e² / (Σ mask · dims) (0 for a sample with nothing real), then the mean over samples. */
  private NDArray maskedMean(NDArray error, NDArray pointMask) {
    int[] perSample = {1, 2, 3};
    NDArray sum = error.square().mul(pointMask).sum(perSample);
    return sum.div(pointMask.sum(perSample).mul(dims).maximum(1)).mean();
  }

  private static NDArray difference(NDArray x) {
    return x.get(new NDIndex(":, 1:")).sub(x.get(new NDIndex(":, :-1")));
  }

  /** The mask of a frame difference: the point is real in both frames. */
  private static NDArray bothPresent(NDArray mask) {
    return mask.get(new NDIndex(":, 1:")).mul(mask.get(new NDIndex(":, :-1")));
  }
}
