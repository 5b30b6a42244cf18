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
import org.signwriting.animation.signwriting.SymbolTokens;

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

  /** Three signs' conditions for a model with {@code slots} symbol rows: random embeddings, real symbols. */
  private static NDArray conditions(NDManager scope, DiffusionConfig.Model m, int slots) {
    String[] texts = {"M518x529S14c20481x471S27106503x489", "M546x518S2ff00482x483S10e50526x455S22a04529x480",
        "M518x533S1870a489x515S18701482x490S20500508x496S2e734500x468"};
    float[] rows = new float[texts.length * m.conditionSize()];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < texts.length; i++) {
      float[] embedding = new float[m.signEmbeddingSize()];
      for (int j = 0; j < embedding.length; j++) {
        embedding[j] = (float) random.nextGaussian();
      }
      System.arraycopy(SymbolTokens.condition(embedding, texts[i], slots), 0, rows, i * m.conditionSize(),
          m.conditionSize());
    }
    return scope.create(rows, new Shape(texts.length, m.conditionSize()));
  }

  @ParameterizedTest(name = "{0} layers, guided {1}, {2} symbol slots, names {3}, symbols only {4}")
  @CsvSource({"2, true, 0, false, false", "2, false, 0, false, false", "1, true, 0, false, false",
      "1, false, 0, false, false", "2, true, 4, false, false", "1, false, 4, false, false", "2, true, 4, true, true",
      "1, false, 4, true, false"})
  void samplingComputesWhatTheForwardPassComputes(int layers, boolean guided, int slots, boolean names,
      boolean only) {
    DiffusionConfig.Model m = new DiffusionConfig.Model(config.points(), config.dims(), config.signEmbeddingSize(),
        config.latentSize(), config.feedForwardSize(), layers, config.heads(), config.dropout(), config.pastFrames(),
        config.futureFrames(), slots, names, only);
    try (NDManager scope = manager.newSubManager()) {
      Engine.getInstance().setRandomSeed(11);
      SignToPoseDiffusion net = new SignToPoseDiffusion(m, 8);
      net.initialize(scope);
      int n = 3;
      NDArray past = scope.randomNormal(new Shape(n, m.pastFrames(), m.frameSize()));
      NDArray sign = conditions(scope, m, slots);
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

  @ParameterizedTest(name = "names {0}, symbols only {1}")
  @CsvSource({"false, false", "true, false", "true, true"})
  void aModelWithSymbolRowsReadsThemWhereTheSignIsKept(boolean names, boolean only) {
    DiffusionConfig.Model m = config.withSymbols(4, names, only);
    try (NDManager scope = manager.newSubManager()) {
      Engine.getInstance().setRandomSeed(12);
      SignToPoseDiffusion net = new SignToPoseDiffusion(m, 8);
      net.initialize(scope);
      float[] embedding = new float[m.signEmbeddingSize()];
      Arrays.fill(embedding, 0.3f);
      // The same embedding, different symbols: a hand beside the head, or a hand and an arrow without one.
      NDArray signs = scope.create(concat(SymbolTokens.condition(embedding, "M546x518S2ff00482x483S10e50526x455", 4),
          SymbolTokens.condition(embedding, "M518x529S14c20481x471S27106503x489", 4)), new Shape(2, m.conditionSize()));
      NDArray x = scope.randomNormal(new Shape(2, m.futureFrames(), m.frameSize()));
      NDArray past = scope.zeros(new Shape(2, m.pastFrames(), m.frameSize()));
      ParameterStore store = new ParameterStore(scope, false);
      NDList kept = net.forward(store, new NDList(x.get("0:1").concat(x.get("0:1")), scope.create(new int[] {5, 5}),
          past, signs, scope.create(new float[] {1, 1}), scope.create(new float[] {1, 1})), false);
      assertFalse(Arrays.equals(kept.get(0).get("0").toFloatArray(), kept.get(0).get("1").toFloatArray()),
          "the symbols must change the prediction");
      assertFalse(kept.get(1).getFloat(0) == kept.get(1).getFloat(1), "the symbols must change the length");
      NDList dropped = net.forward(store, new NDList(x.get("0:1").concat(x.get("0:1")),
          scope.create(new int[] {5, 5}), past, signs, scope.create(new float[] {0, 0}),
          scope.create(new float[] {1, 1})), false);
      assertArrayEquals(dropped.get(0).get("0").toFloatArray(), dropped.get(0).get("1").toFloatArray());
      // Another embedding, the same symbols: only a model that reads the embedding predicts otherwise.
      float[] other = new float[m.signEmbeddingSize()];
      Arrays.fill(other, -0.7f);
      NDArray otherSigns = scope.create(concat(SymbolTokens.condition(other, "M546x518S2ff00482x483S10e50526x455", 4),
          SymbolTokens.condition(other, "M518x529S14c20481x471S27106503x489", 4)), new Shape(2, m.conditionSize()));
      NDList otherKept = net.forward(store, new NDList(x.get("0:1").concat(x.get("0:1")),
          scope.create(new int[] {5, 5}), past, otherSigns, scope.create(new float[] {1, 1}),
          scope.create(new float[] {1, 1})), false);
      assertEquals(only, Arrays.equals(kept.get(0).toFloatArray(), otherKept.get(0).toFloatArray()),
          "the embedding is read unless the model reads symbols only");
      assertEquals(only, Arrays.equals(kept.get(1).toFloatArray(), otherKept.get(1).toFloatArray()),
          "the length head reads the embedding unless the model reads symbols only");
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
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
