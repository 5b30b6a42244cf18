package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianDiffusionTest {

  @Test
  void cosineScheduleDestroysTheSignalGradually() {
    for (int steps : new int[] {4, 8, 1000}) {
      GaussianDiffusion d = new GaussianDiffusion(steps);
      double previous = 1;
      for (int t = 0; t < steps; t++) {
        assertTrue(d.beta(t) > 0 && d.beta(t) <= 0.999, "beta in (0, 0.999]");
        assertTrue(d.alphaCumprod(t) < previous, "ᾱ decreases");
        assertTrue(d.posteriorVariance(t) <= d.beta(t) + 1e-12, "fixed small variance ≤ beta");
        previous = d.alphaCumprod(t);
      }
      assertTrue(d.alphaCumprod(steps - 1) < 1e-3, "the last step is almost pure noise");
      assertEquals(0, d.posteriorVariance(0));
    }
    // ᾱ_t follows cos²((t/T + s)/(1 + s) · π/2) / cos²(s/(1 + s) · π/2) with s = 0.008.
    GaussianDiffusion eight = new GaussianDiffusion(8);
    double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
    double f4 = Math.pow(Math.cos((0.5 + 0.008) / 1.008 * Math.PI / 2), 2);
    assertEquals(f4 / f0, eight.alphaCumprod(3), 1e-9);
  }

  @Test
  void qSampleMixesSignalAndNoiseByTheSchedule() {
    GaussianDiffusion d = new GaussianDiffusion(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x0 = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
      NDArray noise = manager.create(new float[] {1, 1, -1, -1}, new Shape(2, 2));
      float[] xt = d.qSample(x0, new int[] {0, 7}, noise).toFloatArray();
      double a0 = Math.sqrt(d.alphaCumprod(0));
      double n0 = Math.sqrt(1 - d.alphaCumprod(0));
      double a7 = Math.sqrt(d.alphaCumprod(7));
      double n7 = Math.sqrt(1 - d.alphaCumprod(7));
      assertArrayEquals(new float[] {(float) (a0 + n0), (float) (2 * a0 + n0), (float) (3 * a7 - n7),
          (float) (4 * a7 - n7)}, xt, 1e-6f);
    }
  }

  @Test
  void samplingWithAPerfectDenoiserEndsExactlyAtItsPrediction() {
    GaussianDiffusion d = new GaussianDiffusion(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray target = manager.create(new float[] {0.5f, -1, 2, 0}, new Shape(1, 4));
      int[] calls = new int[1];
      NDArray sample = d.sample(manager, new Shape(1, 4), new SplittableRandom(1), (x, t) -> {
        assertEquals(7 - calls[0], t, "from T-1 down to 0");
        calls[0]++;
        return target;
      });
      assertEquals(8, calls[0]);
      // At t = 0 the posterior mean is x0 itself and no noise is added.
      assertArrayEquals(target.toFloatArray(), sample.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void theNoiseFollowsTheGivenSeedAlone() {
    GaussianDiffusion d = new GaussianDiffusion(8);
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = new Shape(2, 3);
      float[] a = d.sample(manager, shape, new SplittableRandom(4), (x, t) -> x.mul(0.5)).toFloatArray();
      Engine.getInstance().setRandomSeed(99); // the engine's generator plays no part
      assertArrayEquals(a, d.sample(manager, shape, new SplittableRandom(4), (x, t) -> x.mul(0.5)).toFloatArray());
      assertFalse(Arrays.equals(a,
          d.sample(manager, shape, new SplittableRandom(5), (x, t) -> x.mul(0.5)).toFloatArray()));
      float[] noise = GaussianDiffusion.gaussian(manager, new Shape(100_000), new SplittableRandom(1))
          .toFloatArray();
      double mean = 0;
      double square = 0;
      for (float v : noise) {
        mean += v / (double) noise.length;
        square += v * (double) v / noise.length;
      }
      assertEquals(0, mean, 0.01);
      assertEquals(1, square, 0.02);
    }
  }
}
