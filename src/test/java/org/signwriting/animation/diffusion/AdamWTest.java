package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fused update against AdamW written out with plain array operations (what the trainer did before). */
class AdamWTest {

  @ParameterizedTest
  @CsvSource({"1, 0", "1, 0.01", "10, 0", "1000, 0.05"})
  void fusedStepIsTheTextbookStep(int t, float weightDecay) {
    float lr = 1e-3f;
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(t);
      NDArray weight = manager.randomNormal(new Shape(50, 7));
      NDArray gradient = manager.randomNormal(new Shape(50, 7));
      NDArray first = manager.randomNormal(new Shape(50, 7)).mul(0.1);
      NDArray second = manager.randomUniform(0, 0.01f, new Shape(50, 7));

      double c1 = 1 - Math.pow(AdamW.BETA1, t);
      double c2 = 1 - Math.pow(AdamW.BETA2, t);
      NDArray expectedFirst = first.mul(AdamW.BETA1).add(gradient.mul(1 - AdamW.BETA1));
      NDArray expectedSecond = second.mul(AdamW.BETA2).add(gradient.square().mul(1 - AdamW.BETA2));
      NDArray expectedWeight = weight.mul(1 - lr * weightDecay).sub(expectedFirst.div(c1)
          .div(expectedSecond.div(c2).sqrt().add(AdamW.EPSILON)).mul(lr));

      weight.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(weight.mul(gradient).sum());
      }
      AdamW.step(weight, weight.getGradient(), first, second, t, lr, weightDecay);

      assertArrayEquals(expectedFirst.toFloatArray(), first.toFloatArray(), 1e-7f);
      assertArrayEquals(expectedSecond.toFloatArray(), second.toFloatArray(), 1e-8f);
      assertArrayEquals(expectedWeight.toFloatArray(), weight.toFloatArray(), 2e-6f);
      assertEquals(0f, weight.getGradient().abs().max().getFloat(), "the gradient is zeroed");
    }
  }
}
