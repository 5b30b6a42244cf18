package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

/** The arithmetic data-parallel training rests on, with a replica's own vectors. */
class ReplicaTest {

  @Test
  void theMeanGradientOfTwoHalvesIsTheGradientOfTheWholeBatch() {
    DiffusionConfig tiny = DiffusionFixtures.tinyConfig();
    DiffusionConfig.Model m = tiny.model();
    DiffusionConfig config = tiny.withModel(m.withDropout(0f));
    // Sequences of different lengths, with and without signs: the halves have different numbers of real points.
    List<Sequence> signs = List.of(
        DiffusionFixtures.movingSequence("a", 30, 0, DiffusionFixtures.randomEmbedding(1, 8)),
        DiffusionFixtures.movingSequence("b", 25, 1, null),
        DiffusionFixtures.movingSequence("c", 12, 2, DiffusionFixtures.randomEmbedding(2, 8)),
        DiffusionFixtures.movingSequence("d", 40, 3, null));
    PoseStatistics stats = TrainingWindows.statistics(signs);
    StepInputs first = StepInputs.draw(signs.subList(0, 2), stats, config, false, new SplittableRandom(1));
    StepInputs second = StepInputs.draw(signs.subList(2, 4), stats, config, false, new SplittableRandom(2));
    try (Replica whole = new Replica(config, stats, null, 3); Replica parts = new Replica(config, stats, null, 3)) {
      assertArrayEquals(whole.weightVector(), parts.weightVector(), "the same seed, the same weights");
      whole.computeGradients(StepInputs.concat(List.of(first, second)), 0);
      float[] expected = whole.gradientVector();
      parts.computeGradients(first, 0);
      float[] a = parts.gradientVector();
      parts.setGradientVector(new float[a.length]);
      parts.computeGradients(second, 0);
      float[] b = parts.gradientVector();
      parts.setGradientVector(DataParallelWorker.average(new float[][] {a, b}));
      float[] averaged = parts.gradientVector();
      double difference = 0;
      double norm = 0;
      double halfDifference = 0;
      for (int i = 0; i < expected.length; i++) {
        difference += Math.pow(expected[i] - averaged[i], 2);
        halfDifference += Math.pow(expected[i] - a[i], 2);
        norm += Math.pow(expected[i], 2);
      }
      assertTrue(Math.sqrt(difference / norm) < 1e-5, "relative difference " + Math.sqrt(difference / norm));
      assertTrue(Math.sqrt(halfDifference / norm) > 0.1, "a half alone is another gradient");
    }
  }

  /**
   * Seen: DJL's product with a number freed the number's memory while autograd still needed it, and gradients
   * computed while the garbage collector ran were garbage (up to 1e20), the forward pass unchanged.
   */
  @Test
  void gradientsDoNotDependOnTheGarbageCollector() throws InterruptedException {
    DiffusionConfig config = DiffusionFixtures.tinyConfig();
    List<Sequence> signs = DiffusionFixtures.twoSigns(30);
    PoseStatistics stats = TrainingWindows.statistics(signs);
    StepInputs inputs = StepInputs.draw(signs, stats, config, false, new SplittableRandom(4));
    float[] quiet;
    try (Replica replica = new Replica(config, stats, null, 5)) {
      replica.computeGradients(inputs, 1);
      quiet = replica.gradientVector();
    }
    Thread collector = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
          garbage[i] = new byte[1 << 16];
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    try {
      for (int round = 0; round < 5; round++) {
        try (Replica replica = new Replica(config, stats, null, 5)) {
          replica.computeGradients(inputs, 1);
          assertArrayEquals(quiet, replica.gradientVector(), "round " + round);
        }
      }
    } finally {
      collector.interrupt();
      collector.join();
    }
  }
}
