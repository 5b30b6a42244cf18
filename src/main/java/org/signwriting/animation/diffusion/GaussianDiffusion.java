package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Gaussian diffusion over {@code T} steps with the cosine noise schedule, a model that predicts x0, and the
 * fixed small variance (the posterior's), as CAMDM configures it. Schedule numbers are kept in double
 * precision; the tensors are float.
 */
public final class GaussianDiffusion {

  /** Betas are capped below 1 so the last step keeps a little signal, as in the cosine schedule's paper. */
  private static final double MAX_BETA = 0.999;

  private final int steps;
  private final double[] betas;
  private final double[] alphasCumprod;
  private final double[] posteriorMeanFromX0;
  private final double[] posteriorMeanFromXt;
  private final double[] posteriorLogVariance;

  public GaussianDiffusion(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("diffusion needs at least one step, not " + steps);
    }
    this.steps = steps;
    betas = new double[steps];
    for (int t = 0; t < steps; t++) {
      betas[t] = Math.min(1 - cosineAlphaBar((t + 1.0) / steps) / cosineAlphaBar((double) t / steps), MAX_BETA);
    }
    alphasCumprod = new double[steps];
    double product = 1;
    for (int t = 0; t < steps; t++) {
      product *= 1 - betas[t];
      alphasCumprod[t] = product;
    }
    posteriorMeanFromX0 = new double[steps];
    posteriorMeanFromXt = new double[steps];
    double[] posteriorVariance = new double[steps];
    for (int t = 0; t < steps; t++) {
      double previous = t == 0 ? 1 : alphasCumprod[t - 1];
      posteriorVariance[t] = betas[t] * (1 - previous) / (1 - alphasCumprod[t]);
      posteriorMeanFromX0[t] = betas[t] * Math.sqrt(previous) / (1 - alphasCumprod[t]);
      posteriorMeanFromXt[t] = (1 - previous) * Math.sqrt(1 - betas[t]) / (1 - alphasCumprod[t]);
    }
    // The posterior variance is 0 at t = 0; its log is clipped to the next step's, which is never used
    // for noise (t = 0 adds none) but keeps the table finite.
    posteriorLogVariance = new double[steps];
    for (int t = 0; t < steps; t++) {
      double v = t == 0 ? (steps > 1 ? posteriorVariance[1] : betas[0]) : posteriorVariance[t];
      posteriorLogVariance[t] = Math.log(v);
    }
  }

  private static double cosineAlphaBar(double time) {
    double c = Math.cos((time + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  public int steps() {
    return steps;
  }

  public double beta(int t) {
    return betas[t];
  }

  public double alphaCumprod(int t) {
    return alphasCumprod[t];
  }

  /** Variance of the fixed-small posterior q(x_{t-1} | x_t, x0), 0 at t = 0. */
  public double posteriorVariance(int t) {
    return t == 0 ? 0 : Math.exp(posteriorLogVariance[t]);
  }

  /** x_t = √ᾱ_t · x0 + √(1 − ᾱ_t) · noise, per batch row's timestep. */
  public NDArray qSample(NDArray x0, int[] timesteps, NDArray noise) {
    NDArray signal = perRow(x0, timesteps, t -> Math.sqrt(alphasCumprod[t]));
    NDArray noiseScale = perRow(x0, timesteps, t -> Math.sqrt(1 - alphasCumprod[t]));
    return x0.mul(signal).add(noise.mul(noiseScale));
  }

  /**
   * The DDPM sampling loop from pure noise of {@code shape}: at each step from T−1 down to 0, the denoiser
   * (x_t, t) → x0 gives the posterior mean, plus the fixed small variance's noise except at t = 0. The noise
   * comes from {@code random}, not from the engine's generator, so that samplings running at the same time (a
   * server's requests) each follow their own seed.
   */
  public NDArray sample(NDManager manager, Shape shape, SplittableRandom random,
      BiFunction<NDArray, Integer, NDArray> denoiser) {
    NDArray x = gaussian(manager, shape, random);
    for (int t = steps - 1; t >= 0; t--) {
      NDArray x0 = denoiser.apply(x, t);
      NDArray mean = x0.mul(posteriorMeanFromX0[t]).add(x.mul(posteriorMeanFromXt[t]));
      x = t == 0 ? mean
          : mean.add(gaussian(manager, shape, random).mul(Math.exp(0.5 * posteriorLogVariance[t])));
    }
    return x;
  }

  /** Standard normal noise of {@code shape} from {@code random}. */
  static NDArray gaussian(NDManager manager, Shape shape, SplittableRandom random) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, shape);
  }

  private static NDArray perRow(NDArray like, int[] timesteps, IntToDoubleFunction f) {
    float[] values = new float[timesteps.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) f.applyAsDouble(timesteps[i]);
    }
    long[] shape = new long[like.getShape().dimension()];
    Arrays.fill(shape, 1);
    shape[0] = timesteps.length;
    return like.getManager().create(values, new Shape(shape));
  }
}
