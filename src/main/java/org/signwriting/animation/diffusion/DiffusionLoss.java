package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

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
    // Samples without a sign have no length target: they count as 0, so the term stays a mean over samples.
    NDArray length = logFrames.sub(frameCounts.log()).square().mul(hasSign).mean();
    NDArray total = mse.add(velocity.mul(scalar(velocity, weights.velocityWeight())))
        .add(acceleration.mul(scalar(acceleration, weights.accelerationWeight())))
        .add(length.mul(scalar(length, weights.lengthWeight())));
    return new Terms(total, mse, velocity, acceleration, length);
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
