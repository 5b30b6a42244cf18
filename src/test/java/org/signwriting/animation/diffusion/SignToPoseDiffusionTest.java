package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignToPoseDiffusionTest {

  private static NDManager manager;
  private static SignToPoseDiffusion model;
  private static DiffusionConfig.Model config;

  @BeforeAll
  static void createModel() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    config = DiffusionFixtures.tinyConfig().model();
    model = new SignToPoseDiffusion(config, 8);
    model.initialize(manager);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private float[][] run(int batch, float pastValue, float signValue, float keepSign, float keepPast) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray noisy = scope.create(ramp(batch * config.futureFrames() * config.frameSize()))
          .reshape(batch, config.futureFrames(), config.frameSize());
      int[] t = new int[batch];
      Arrays.fill(t, 3);
      NDArray past = scope.full(new Shape(batch, config.pastFrames(), config.frameSize()), pastValue);
      NDArray sign = scope.full(new Shape(batch, config.signEmbeddingSize()), signValue);
      float[] ks = new float[batch];
      float[] kp = new float[batch];
      Arrays.fill(ks, keepSign);
      Arrays.fill(kp, keepPast);
      NDList out = model.forward(new ParameterStore(scope, false),
          new NDList(noisy, scope.create(t), past, sign, scope.create(ks), scope.create(kp)), false);
      assertEquals(new Shape(batch, config.futureFrames(), config.frameSize()), out.get(0).getShape());
      assertEquals(new Shape(batch), out.get(1).getShape());
      return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
    }
  }

  private static float[] ramp(int n) {
    float[] r = new float[n];
    for (int i = 0; i < n; i++) {
      r[i] = (float) Math.sin(i * 0.1);
    }
    return r;
  }

  @Test
  void outputShapesFollowTheConfig() {
    float[][] out = run(3, 0.5f, 0.2f, 1, 1);
    assertEquals(3 * config.futureFrames() * config.frameSize(), out[0].length);
    assertEquals(3, out[1].length);
  }

  @Test
  void droppedSignUsesTheNullTokenWhateverTheEmbedding() {
    assertArrayEquals(run(2, 0.5f, 0.2f, 0, 1)[0], run(2, 0.5f, -3f, 0, 1)[0]);
    assertFalse(Arrays.equals(run(2, 0.5f, 0.2f, 1, 1)[0], run(2, 0.5f, -3f, 1, 1)[0]),
        "a kept sign must change the prediction");
  }

  @Test
  void droppedPastMotionIsIgnored() {
    assertArrayEquals(run(2, 0.5f, 0.2f, 1, 0)[0], run(2, -2f, 0.2f, 1, 0)[0]);
    assertFalse(Arrays.equals(run(2, 0.5f, 0.2f, 1, 1)[0], run(2, -2f, 0.2f, 1, 1)[0]),
        "kept past motion must change the prediction");
  }

  @Test
  void lengthHeadReadsOnlyTheSign() {
    assertArrayEquals(run(1, 0.5f, 0.2f, 1, 1)[1], run(1, -2f, 0.2f, 0, 0)[1]);
    assertFalse(Arrays.equals(run(1, 0.5f, 0.2f, 1, 1)[1], run(1, 0.5f, 1.5f, 1, 1)[1]));
  }

  @Test
  void positionsAreSinusoidal() {
    float[][] table = SignToPoseDiffusion.sinusoidalPositions(5, 8);
    assertEquals(0f, table[0][0], 1e-7);
    assertEquals(1f, table[0][1], 1e-7);
    assertEquals((float) Math.sin(3), table[3][0], 1e-6);
    assertEquals((float) Math.cos(3 * Math.pow(10000, -2.0 / 8)), table[3][3], 1e-6);
  }
}
