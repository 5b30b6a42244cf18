package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.data.TrainingWindows.Statistics;

class DiffusionTrainerTest {

  @TempDir
  Path dir;

  private static DiffusionTrainer.Data data(List<Sequence> train, List<Sequence> dev) {
    return new DiffusionTrainer.Data(train, dev, Statistics.of(train));
  }

  @Test
  void overfitsTwoShortSignsAndSamplingReproducesTheTargetWindow() throws IOException {
    DiffusionConfig tiny = DiffusionFixtures.tinyConfig();
    DiffusionConfig config = tiny
        .withModel(new DiffusionConfig.Model(DiffusionFixtures.POINTS, DiffusionFixtures.DIMS,
            DiffusionFixtures.SIGN_SIZE, 64, 128, 2, 4, 0f, 8, 8))
        .withTraining(new DiffusionConfig.Training(16, 1000, 2e-3f, 0.1f, 0f, 0.995f, 100));
    // 16 frames: short, so each window is cut around the middle (8 past, 8 future frames).
    List<Sequence> signs = DiffusionFixtures.twoSigns(16);
    DiffusionTrainer.Result result = new DiffusionTrainer(config, dir)
        .train(data(signs, signs), DiffusionTrainer.Options.seeded(11, 400));

    double[] losses = result.stepLosses();
    double first = Arrays.stream(losses, 0, 10).average().orElseThrow();
    double last = Arrays.stream(losses, losses.length - 20, losses.length).average().orElseThrow();
    assertTrue(last <= 0.1 * first, "loss must fall by 90 %: first " + first + ", last " + last);

    try (DiffusionSampler sampler = DiffusionSampler.open(dir)) {
      Statistics stats = sampler.statistics();
      int frameSize = DiffusionFixtures.POINTS * DiffusionFixtures.DIMS;
      for (Sequence sign : signs) {
        float[] past = Arrays.copyOfRange(sign.data(), 0, 8 * frameSize);
        float[] target = Arrays.copyOfRange(sign.data(), 8 * frameSize, 16 * frameSize);
        float[] sampled = sampler.continueMotion(past, sign.signEmbedding(), 1.5f, 5);
        float[] meanPose = new float[target.length];
        for (int i = 0; i < meanPose.length; i++) {
          meanPose[i] = stats.mean()[i % frameSize];
        }
        double model = MotionMetrics.dtwMeanJointError(sampled, null, target, null, DiffusionFixtures.POINTS,
            DiffusionFixtures.DIMS);
        double baseline = MotionMetrics.dtwMeanJointError(meanPose, null, target, null,
            DiffusionFixtures.POINTS, DiffusionFixtures.DIMS);
        System.out.printf("overfit %s: loss %.4f -> %.4f, DTW-MJE %.4f vs mean pose %.4f%n", sign.id(), first,
            last, model, baseline);
        assertTrue(model <= baseline / 5, sign.id() + ": DTW-MJE " + model + " vs mean pose " + baseline);
      }
    }
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(TrainingMetrics.CSV_HEADER, csv.get(0));
    assertEquals(5, csv.size(), "a row per 100 steps");
    assertTrue(Files.size(dir.resolve("metrics.png")) > 1000);
  }
}
