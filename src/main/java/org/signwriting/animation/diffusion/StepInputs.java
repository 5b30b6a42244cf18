package org.signwriting.animation.diffusion;

import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Batch;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * Everything random about the samples of one training step, drawn in Java from one seeded generator: each
 * sequence's window, the diffusion timesteps, the dropped conditions and the noise. Drawing the noise here rather
 * than from the engine keeps it independent of other threads (the engine's generator is one per JVM, and a JVM
 * may run several workers), and makes batches composable: the parts drawn by data-parallel workers, concatenated,
 * are exactly a batch one process could train on.
 *
 * @param hasLength 1 where the length head learns the sample's frame count (it has a sign, and the training is not
 *     unconditional), whether or not guidance dropped the sign this step
 * @param noise {@code size × futureFrames × points·dims} standard normal values
 */
public record StepInputs(Batch batch, int[] timesteps, float[] keepSign, float[] keepPast, float[] hasLength,
    float[] noise) {

  public int size() {
    return batch.size();
  }

  /** One window of each sequence, in order, and their random choices, all from {@code random}. */
  public static StepInputs draw(List<Sequence> sequences, PoseStatistics statistics, DiffusionConfig config,
      boolean unconditional, SplittableRandom random) {
    DiffusionConfig.Model m = config.model();
    TrainingWindows windows = new TrainingWindows(sequences, statistics, m.pastFrames(), m.futureFrames(),
        m.signEmbeddingSize(), m.symbolSlots());
    int n = sequences.size();
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    Batch batch = windows.batch(indices, random);
    int[] timesteps = random.ints(n, 0, config.diffusion().steps()).toArray();
    Keeps keeps = dropConditions(random, batch.hasSign(), config.diffusion().conditionDropProbability(),
        unconditional);
    if (config.diffusion().pastNoise() > 0) {
      perturbPast(batch.past(), n, m.pastFrames() * m.frameSize(), m.frameSize(), config.diffusion().pastNoise(),
          random);
    }
    float[] noise = new float[n * m.futureFrames() * m.frameSize()];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) random.nextGaussian();
    }
    return new StepInputs(batch, timesteps, keeps.sign(), keeps.past(), unconditional ? new float[n] : batch.hasSign(),
        noise);
  }

  /**
   * Perturbs the past motion of {@code count} windows in place ({@code pastSize} numbers each, frames of
   * {@code frameSize}): each window, with probability ½, gets one offset per coordinate, the same in all its past
   * frames, drawn from N(0, σ²) with σ uniform in {@code 0 .. maxNoise} (normalized units).
   *
   * <p>An animation continues the model's own motion, not the true one. Trained on true pasts only, a model carried
   * a small error on into a drift: on a held-out sign of 206 frames its right hand went steadily down and out while
   * the ground truth held both hands at the chest (DTW-MJE 2.6 times the still mean pose's). With offset pasts and
   * true futures it learns to bring a misplaced motion back to where its sign says. Measured on 720 synthetic
   * training signs and 24 held-out ones (3,000 steps of batch 16, symbols only, without their bases): DTW-MJE 9.66
   * without, 8.85 with {@code maxNoise} 0.5, 6.36 with 1.5 and 6.42 with 3 (the mean pose: 7.27), where the motion
   * was damped to a displacement ratio of 0.57 (0.83 with 1.5).
   */
  static void perturbPast(float[] past, int count, int pastSize, int frameSize, float maxNoise,
      SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      if (random.nextBoolean()) {
        continue;
      }
      double sigma = random.nextDouble() * maxNoise;
      for (int c = 0; c < frameSize; c++) {
        float offset = (float) (sigma * random.nextGaussian());
        for (int at = i * pastSize + c; at < (i + 1) * pastSize; at += frameSize) {
          past[at] += offset;
        }
      }
    }
  }

  /** Per sample, 1 where the model sees the condition: the sign and the past motion. */
  record Keeps(float[] sign, float[] past) {}

  /**
   * Classifier-free guidance's condition dropout: each sample loses both conditions with
   * {@code dropProbability}; the sign is also absent where the sample has none or training is unconditional.
   */
  static Keeps dropConditions(SplittableRandom random, float[] hasSign, float dropProbability,
      boolean unconditional) {
    float[] sign = new float[hasSign.length];
    float[] past = new float[hasSign.length];
    for (int i = 0; i < hasSign.length; i++) {
      boolean keep = random.nextDouble() >= dropProbability;
      past[i] = keep ? 1 : 0;
      sign[i] = keep && !unconditional ? hasSign[i] : 0;
    }
    return new Keeps(sign, past);
  }

  /** The parts one after the other, as one batch. */
  public static StepInputs concat(List<StepInputs> parts) {
    int n = 0;
    for (StepInputs part : parts) {
      n += part.size();
    }
    Batch batch = new Batch(n,
        join(parts, p -> p.batch().past()), join(parts, p -> p.batch().future()),
        join(parts, p -> p.batch().futureMask()), join(parts, p -> p.batch().signConditions()),
        join(parts, p -> p.batch().hasSign()), join(parts, p -> p.batch().frameCounts()));
    int[] timesteps = new int[n];
    int offset = 0;
    for (StepInputs part : parts) {
      System.arraycopy(part.timesteps(), 0, timesteps, offset, part.size());
      offset += part.size();
    }
    return new StepInputs(batch, timesteps, join(parts, StepInputs::keepSign), join(parts, StepInputs::keepPast),
        join(parts, StepInputs::hasLength), join(parts, StepInputs::noise));
  }

  private static float[] join(List<StepInputs> parts, java.util.function.Function<StepInputs, float[]> field) {
    int length = 0;
    for (StepInputs part : parts) {
      length += field.apply(part).length;
    }
    float[] joined = new float[length];
    int offset = 0;
    for (StepInputs part : parts) {
      float[] values = field.apply(part);
      System.arraycopy(values, 0, joined, offset, values.length);
      offset += values.length;
    }
    return joined;
  }
}
