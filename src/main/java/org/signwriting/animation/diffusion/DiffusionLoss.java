package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The training loss: masked mean squared error of the predicted x0, plus the same on its velocity (first
 * difference over frames) and acceleration (second difference), which the seed adds against motion collapse,
 * plus the length head's squared error on log frame counts of samples that have a sign.
 *
 * <p>Only real points count: a frame difference counts where the point is present in every frame it spans.
 */
public final class DiffusionLoss {

  /** The loss terms of one batch; {@code total} is what is minimized. */
  public record Terms(NDArray total, NDArray mse, NDArray velocity, NDArray acceleration, NDArray length) {}

  private final DiffusionConfig.Loss weights;
  private final int points;
  private final int dims;

  public DiffusionLoss(DiffusionConfig.Loss weights, int points, int dims) {
    this.weights = weights;
    this.points = points;
    this.dims = dims;
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
    NDArray error = predicted.sub(target).reshape(batch, frames, points, dims);
    NDArray pointMask = mask.reshape(batch, frames, points, 1);
    NDArray mse = maskedMean(error, pointMask);
    NDArray velocityError = difference(error);
    NDArray velocityMask = bothPresent(pointMask);
    NDArray velocity = maskedMean(velocityError, velocityMask);
    NDArray acceleration = maskedMean(difference(velocityError), bothPresent(velocityMask));
    NDArray lengthError = logFrames.sub(frameCounts.log()).square().mul(hasSign);
    NDArray length = lengthError.sum().div(hasSign.sum().maximum(1));
    NDArray total = mse.add(velocity.mul(weights.velocityWeight()))
        .add(acceleration.mul(weights.accelerationWeight())).add(length.mul(weights.lengthWeight()));
    return new Terms(total, mse, velocity, acceleration, length);
  }

  /** Σ mask·e² / (Σ mask · dims), 0 when nothing is real. */
  private NDArray maskedMean(NDArray error, NDArray pointMask) {
    NDArray sum = error.square().mul(pointMask).sum();
    return sum.div(pointMask.sum().mul(dims).maximum(1));
  }

  private static NDArray difference(NDArray x) {
    return x.get(new NDIndex(":, 1:")).sub(x.get(new NDIndex(":, :-1")));
  }

  /** The mask of a frame difference: the point is real in both frames. */
  private static NDArray bothPresent(NDArray mask) {
    return mask.get(new NDIndex(":, 1:")).mul(mask.get(new NDIndex(":, :-1")));
  }
}
