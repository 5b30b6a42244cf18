package org.signwriting.animation.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.signwriting.animation.data.TrainingWindows.Sequence;

/** Tiny configs and synthetic moving skeletons, so the tests stay fast on two cores. */
final class DiffusionFixtures {
  private DiffusionFixtures() {}

  static final int POINTS = 6;
  static final int DIMS = 3;
  static final int SIGN_SIZE = 8;

  /** A small model: 6 points × 3 dims, latent 32, 2 layers, 8 past and 4 future frames, 8 steps. */
  static DiffusionConfig tinyConfig() {
    return new DiffusionConfig(
        new DiffusionConfig.Model(POINTS, DIMS, SIGN_SIZE, 32, 64, 2, 2, 0.1f, 8, 4, 0),
        new DiffusionConfig.Diffusion(8, "cosine", 0.15f, 2.0f),
        new DiffusionConfig.Loss(1.0f, 0.5f, 0.1f, false),
        new DiffusionConfig.Training(4, 100, 1e-3f, 0.1f, 0.0f, 0.995f, 3));
  }

  /**
   * A skeleton whose points circle at their own phase and speed; {@code variant} changes amplitudes and
   * phases so two sequences differ; every point present.
   */
  static Sequence movingSequence(String id, int frames, int variant, float[] signEmbedding) {
    float[] data = new float[frames * POINTS * DIMS];
    float[] confidence = new float[frames * POINTS];
    for (int f = 0; f < frames; f++) {
      for (int p = 0; p < POINTS; p++) {
        double phase = 0.35 * f * (1 + 0.2 * p) + variant * 1.3 + p;
        double amplitude = 0.5 + 0.1 * p + 0.3 * variant;
        int i = (f * POINTS + p) * DIMS;
        data[i] = (float) (p * 0.4 + amplitude * Math.cos(phase));
        data[i + 1] = (float) (1 - p * 0.2 + amplitude * Math.sin(phase));
        data[i + 2] = (float) (0.1 * variant + 0.2 * Math.sin(0.5 * phase));
        confidence[f * POINTS + p] = 1;
      }
    }
    return new Sequence(id, frames, POINTS, DIMS, data, confidence, signEmbedding, null);
  }

  /** A random unit vector, as the sign encoder's embeddings are L2-normalized. */
  static float[] randomEmbedding(long seed, int size) {
    Random random = new Random(seed);
    double[] gaussian = new double[size];
    double norm = 0;
    for (int i = 0; i < size; i++) {
      gaussian[i] = random.nextGaussian();
      norm += gaussian[i] * gaussian[i];
    }
    float[] e = new float[size];
    for (int i = 0; i < size; i++) {
      e[i] = (float) (gaussian[i] / Math.sqrt(norm));
    }
    return e;
  }

  static List<Sequence> twoSigns(int frames) {
    List<Sequence> list = new ArrayList<>();
    list.add(movingSequence("sign-a", frames, 0, randomEmbedding(1, SIGN_SIZE)));
    list.add(movingSequence("sign-b", frames, 1, randomEmbedding(2, SIGN_SIZE)));
    return list;
  }
}
