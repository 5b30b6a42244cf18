package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * AdamW as CAMDM uses it: bias-corrected moments ({@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-8}),
 * weight decay decoupled from the gradient, {@code w ← w·(1 − lr·λ) − lr · m̂ / (√v̂ + ε)}.
 *
 * <p>The step runs as the engine's fused Adam update, which computes {@code w ← w − r · m / (√v + ε')} in one
 * native call per parameter (and zeroes the gradient): with {@code r = lr · √c₂ / c₁} and {@code ε' = ε · √c₂},
 * where {@code c₁ = 1 − β₁ᵗ} and {@code c₂ = 1 − β₂ᵗ}, that is the same step. Written with separate array
 * operations it took about a dozen passes over every parameter and as many calls.
 */
final class AdamW {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private AdamW() {}

  /**
   * Step {@code t} (1 for the first) of {@code weight} with its gradient; {@code first} and {@code second} are
   * its moments, updated in place; the gradient is zeroed.
   */
  static void step(NDArray weight, NDArray gradient, NDArray first, NDArray second, int t, float learningRate,
      float weightDecay) {
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    float rate = (float) (learningRate * Math.sqrt(correction2) / correction1);
    float epsilon = (float) (EPSILON * Math.sqrt(correction2));
    weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, first, second), new NDList(weight),
        learningRate, rate, weightDecay, 1f, -1f, BETA1, BETA2, epsilon, false, weightDecay > 0);
  }
}
