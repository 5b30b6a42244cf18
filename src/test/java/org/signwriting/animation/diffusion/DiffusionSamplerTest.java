package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.pose.PoseStatistics;

/** Guidance and rollout mechanics on an untrained tiny model: they hold for any weights. */
class DiffusionSamplerTest {

  private static NDManager manager;
  private static DiffusionSampler sampler;
  private static final DiffusionConfig CONFIG = DiffusionFixtures.tinyConfig();
  private static final float[] SIGN = DiffusionFixtures.randomEmbedding(9, DiffusionFixtures.SIGN_SIZE);

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(3);
    SignToPoseDiffusion model = new SignToPoseDiffusion(CONFIG.model(), CONFIG.diffusion().steps());
    model.initialize(manager);
    PoseStatistics stats = TrainingWindows.statistics(List.of(DiffusionFixtures.movingSequence("s", 20, 0, null)));
    sampler = new DiffusionSampler(model, CONFIG, stats, manager);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static float[] past(float value) {
    float[] past = new float[CONFIG.model().pastFrames() * CONFIG.model().frameSize()];
    Arrays.fill(past, value);
    return past;
  }

  @Test
  void guidanceOneIsTheConditionalModelAndOtherScalesExtrapolate() {
    int n = 1;
    float[] hasSign = {1};
    float[] one = sampler.sampleFutures(n, past(0.3f), SIGN, hasSign, 1f, 7);
    float[] zero = sampler.sampleFutures(n, past(0.3f), SIGN, hasSign, 0f, 7);
    float[] two = sampler.sampleFutures(n, past(0.3f), SIGN, hasSign, 2f, 7);
    assertFalse(Arrays.equals(one, two));
    // Scale 0 is the unconditional model: past motion and sign no longer matter.
    assertArrayEquals(zero, sampler.sampleFutures(n, past(-1f), new float[SIGN.length], new float[] {0}, 0f, 7),
        1e-5f);
    assertFalse(Arrays.equals(one,
        sampler.sampleFutures(n, past(-1f), SIGN, hasSign, 1f, 7)), "the conditional model reads the past");
  }

  @Test
  void animationHasTheAskedFramesAndIsSeeded() {
    float[] a = sampler.animate(SIGN, 11, 2f, 5);
    assertEquals(11 * CONFIG.model().frameSize(), a.length, "3 chunks of 4, cut to 11 frames");
    assertArrayEquals(a, sampler.animate(SIGN, 11, 2f, 5));
    assertFalse(Arrays.equals(a, sampler.animate(SIGN, 11, 2f, 6)));
    float[] shorter = sampler.animate(SIGN, 6, 2f, 5);
    assertArrayEquals(Arrays.copyOf(a, shorter.length), shorter,
        "each chunk depends only on what came before");
    for (float v : a) {
      assertTrue(Float.isFinite(v));
    }
    assertTrue(sampler.predictFrames(SIGN) >= CONFIG.model().futureFrames());
  }

  @Test
  void animationsRunningAtTheSameTimeEachFollowTheirSeed() throws Exception {
    float[] five = sampler.animate(SIGN, 11, 2f, 5);
    float[] six = sampler.animate(SIGN, 11, 2f, 6);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<float[]>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long seed = 5 + i % 2;
        runs.add(pool.submit(() -> sampler.animate(SIGN, 11, 2f, seed)));
      }
      for (int i = 0; i < runs.size(); i++) {
        assertArrayEquals(i % 2 == 0 ? five : six, runs.get(i).get(), "run " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onTheTruthEachChunkContinuesTheGroundTruthsFramesBeforeIt() {
    DiffusionConfig.Model m = CONFIG.model();
    int frameSize = m.frameSize();
    TrainingWindows.Sequence truth = DiffusionFixtures.movingSequence("t", 11, 1, null);
    float[] onTruth = sampler.animateOnTruth(SIGN, truth.data(), truth.confidence(), 11, 2f, 5);
    assertEquals(11 * frameSize, onTruth.length);
    // The first chunk starts from the mean pose, as an animation does, with the same seed.
    int chunk = m.futureFrames();
    assertArrayEquals(Arrays.copyOf(sampler.animate(SIGN, 11, 2f, 5), chunk * frameSize),
        Arrays.copyOf(onTruth, chunk * frameSize));
    // The third (frames 8-10) continues the ground truth's frames 0-7, with the animation's third seed.
    float[] third = sampler.continueMotion(Arrays.copyOf(truth.data(), m.pastFrames() * frameSize), SIGN, 2f, 7);
    assertArrayEquals(Arrays.copyOf(third, 3 * frameSize),
        Arrays.copyOfRange(onTruth, 2 * chunk * frameSize, 11 * frameSize), 1e-5f);
    assertFalse(Arrays.equals(onTruth, sampler.animate(SIGN, 11, 2f, 5)), "not the model's own motion");
    // Missing points read as the mean pose's: a truth missing everywhere is a truth of the mean pose.
    float[] meanPose = new float[11 * frameSize];
    for (int i = 0; i < meanPose.length; i++) {
      meanPose[i] = (float) sampler.statistics().mean(i % frameSize / m.dims(), i % m.dims());
    }
    assertArrayEquals(sampler.animateOnTruth(SIGN, meanPose, null, 11, 2f, 5),
        sampler.animateOnTruth(SIGN, truth.data(), new float[11 * m.points()], 11, 2f, 5), 1e-5f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sampler.animateOnTruth(SIGN, truth.data(), null, 10, 2f, 5));
    assertTrue(e.getMessage().startsWith("the ground truth holds " + 11 * frameSize + " numbers for 10 frames"),
        e.getMessage());
  }

  @Test
  void severalSignsFollowOneAnother() {
    float[] other = DiffusionFixtures.randomEmbedding(10, DiffusionFixtures.SIGN_SIZE);
    float[] both = sampler.animate(List.of(SIGN, other), new int[] {5, 7}, 2f, 5);
    assertEquals(12 * CONFIG.model().frameSize(), both.length);
    float[] first = sampler.animate(SIGN, 5, 2f, 5);
    assertArrayEquals(first, Arrays.copyOf(both, first.length), "the first sign as if alone");
    float[] otherFirst = sampler.animate(List.of(other, SIGN), new int[] {5, 7}, 2f, 5);
    assertFalse(Arrays.equals(both, otherFirst), "the order of the signs matters");
    assertThrows(IllegalArgumentException.class, () -> sampler.animate(List.of(SIGN), new int[] {5, 7}, 2f, 5));
  }

  @Test
  void wrongSizesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sampler.animate(new float[3], 5, 2f, 1));
    assertEquals("sign condition has 3 numbers, the model expects 8", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> sampler.continueMotion(new float[5], SIGN, 2f, 1));
    assertTrue(e.getMessage().startsWith("past motion holds 5 numbers"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sampler.animate(SIGN, 0, 2f, 1));
  }
}
