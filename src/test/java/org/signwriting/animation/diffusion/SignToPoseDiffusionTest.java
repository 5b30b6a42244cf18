package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0} layers, guided {1}")
  @CsvSource({"2, true", "2, false", "1, true", "1, false"})
  void samplingComputesWhatTheForwardPassComputes(int layers, boolean guided) {
    DiffusionConfig.Model m = new DiffusionConfig.Model(config.points(), config.dims(), config.signEmbeddingSize(),
        config.latentSize(), config.feedForwardSize(), layers, config.heads(), config.dropout(), config.pastFrames(),
        config.futureFrames());
    try (NDManager scope = manager.newSubManager()) {
      Engine.getInstance().setRandomSeed(11);
      SignToPoseDiffusion net = new SignToPoseDiffusion(m, 8);
      net.initialize(scope);
      int n = 3;
      NDArray past = scope.randomNormal(new Shape(n, m.pastFrames(), m.frameSize()));
      NDArray sign = scope.randomNormal(new Shape(n, m.signEmbeddingSize()));
      NDArray x = scope.randomNormal(new Shape(n, m.futureFrames(), m.frameSize()));
      float[] hasSign = {1, 0, 1};
      float scale = 2.5f;
      ParameterStore store = new ParameterStore(scope, false);
      NDArray expected;
      if (guided) {
        NDArray both = net.forward(store, new NDList(NDArrays.concat(new NDList(x, x)),
            scope.create(new int[] {5, 5, 5, 5, 5, 5}), NDArrays.concat(new NDList(past, past)),
            NDArrays.concat(new NDList(sign, sign)), scope.create(new float[] {1, 0, 1, 0, 0, 0}),
            scope.create(new float[] {1, 1, 1, 0, 0, 0})), false).get(0);
        NDArray conditional = both.get("0:3");
        NDArray unconditional = both.get("3:");
        expected = unconditional.add(conditional.sub(unconditional).mul(scale));
      } else {
        expected = net.forward(store, new NDList(x, scope.create(new int[] {5, 5, 5}), past, sign,
            scope.create(hasSign), scope.create(new float[] {1, 1, 1})), false).get(0);
      }
      NDArray sampled = net.new Sampling(store, past, sign, hasSign, guided).x0(x, 5, scale);
      assertEquals(expected.getShape(), sampled.getShape());
      assertArrayEquals(expected.toFloatArray(), sampled.toFloatArray(), 1e-5f);
    }
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
