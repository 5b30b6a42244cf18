package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * One worker's part of data-parallel training, for one segment of steps (between two checkpoints): each step draws
 * this worker's equal share of the batch from its own data, computes gradients on its {@link Replica}, and
 * synchronizes with the other workers through an {@link Exchange}:
 *
 * <ul>
 *   <li>{@code syncEvery} 1: synchronous data-parallel SGD. The workers average their gradients before every
 *       optimizer step, so every replica takes the same step, the one a single process would take on the whole
 *       batch (the loss is a mean over samples, {@link DiffusionLoss}).
 *   <li>{@code syncEvery} K &gt; 1: local SGD. Each worker takes K steps on its own, then the weights are averaged.
 * </ul>
 *
 * At the end of a segment the workers also average their EMA weights and AdamW moments (K &gt; 1) and their loss
 * sums, so that every replica ends the segment in the same state, the checkpoint's. Averages are taken in worker
 * order, so every worker computes the same numbers. A loss that stops being a number stops every worker at the
 * next synchronization, with the step and the terms where it happened.
 *
 * <p>The random choices of a worker's share of step {@code s} derive from the seed, {@code s} and the worker
 * ({@link #shareSeed}), never from another worker's: the shares of all workers, concatenated in worker order, are
 * the batch of the equivalent single process.
 */
public final class DataParallelWorker {
  private DataParallelWorker() {}

  /** Everyone's vectors: a worker sends its own and gets all, in worker order. */
  public interface Exchange {
    float[][] allGather(float[] mine) throws IOException;
  }

  /** A worker's own training sequences, drawn in order. */
  @FunctionalInterface
  public interface Sequences {
    List<Sequence> next(int count) throws IOException;
  }

  /**
   * What a worker runs: steps {@code [startStep, endStep)} of a run that plans {@code plannedSteps} (the learning
   * rate's schedule), worker {@code worker} of {@code workers}, each taking {@code batchPerWorker} windows a step.
   */
  public record Segment(int worker, int workers, int startStep, int endStep, int plannedSteps, int stepsPerEpoch,
      int batchPerWorker, int syncEvery, long seed, boolean unconditional) implements Serializable {}

  /**
   * What the segment did. {@code divergedStep} is -1, or the first step whose loss was not a number (with its
   * {@code divergedTerms}); {@code stepLosses} holds each step's mean loss over the workers (with K &gt; 1, this
   * worker's own); {@code running} the loss sums of all workers ({@link TrainingMetrics.Accumulator}).
   */
  public record Outcome(int divergedStep, float[] divergedTerms, double[] stepLosses, double[] running,
      float learningRate, long computeNanos, long syncNanos, int syncs) implements Serializable {

    public boolean diverged() {
      return divergedStep >= 0;
    }
  }

  /** The seed of worker {@code worker}'s share of step {@code step}. */
  public static long shareSeed(long seed, int step, int worker) {
    return DiffusionTrainer.stepSeed(seed, step) * 0x100000001B3L + worker;
  }

  /** Draws the share of {@code worker} at {@code step}: its sequences' windows and every random choice. */
  public static StepInputs share(List<Sequence> sequences, PoseStatistics statistics, DiffusionConfig config,
      Segment segment, int step) {
    return StepInputs.draw(sequences, statistics, config, segment.unconditional(),
        new SplittableRandom(shareSeed(segment.seed(), step, segment.worker())));
  }

  public static Outcome run(Replica replica, Segment segment, Sequences data, Exchange exchange,
      PoseStatistics statistics) throws IOException {
    DiffusionConfig config = replica.config();
    int header = 1 + Replica.TERMS;
    int steps = segment.endStep() - segment.startStep();
    double[] stepLosses = new double[steps];
    TrainingMetrics.Accumulator running = new TrainingMetrics.Accumulator();
    int divergedStep = -1;
    float[] divergedTerms = null;
    long computeNanos = 0;
    long syncNanos = 0;
    int syncs = 0;
    float learningRate = 0;
    for (int step = segment.startStep(); step < segment.endStep(); step++) {
      learningRate = DiffusionTrainer.learningRate(config.training(), step, segment.plannedSteps());
      long start = System.nanoTime();
      float[] terms = null;
      if (divergedStep < 0) {
        StepInputs inputs = share(data.next(segment.batchPerWorker()), statistics, config, segment, step);
        terms = replica.computeGradients(inputs, shareSeed(segment.seed(), step, segment.worker()));
        if (!Float.isFinite(terms[0])) {
          divergedStep = step;
          divergedTerms = terms;
        }
      }
      computeNanos += System.nanoTime() - start;
      boolean local = segment.syncEvery() > 1 || segment.workers() == 1;
      if (!local) {
        start = System.nanoTime();
        float[][] all = exchange.allGather(message(divergedStep, divergedTerms == null ? terms : divergedTerms,
            replica.gradientVector()));
        syncs++;
        Divergence stop = divergence(all);
        if (stop != null) {
          return diverged(stop, stepLosses, running, learningRate, computeNanos, syncNanos, syncs);
        }
        replica.setGradientVector(Arrays.copyOfRange(average(all), header, header + replica.parameterCount()));
        double total = 0;
        for (float[] vector : all) {
          total += vector[1];
        }
        stepLosses[step - segment.startStep()] = total / all.length;
        syncNanos += System.nanoTime() - start;
      } else if (divergedStep < 0) {
        stepLosses[step - segment.startStep()] = terms[0];
      }
      start = System.nanoTime();
      if (divergedStep < 0) {
        running.add(terms[0], terms[1], terms[2], terms[3], terms[4]);
        replica.update(step, learningRate);
      } else if (segment.workers() == 1) {
        return diverged(new Divergence(divergedStep, divergedTerms), stepLosses, running, learningRate,
            computeNanos, syncNanos, syncs);
      }
      computeNanos += System.nanoTime() - start;
      boolean averageWeights = segment.syncEvery() > 1 && segment.workers() > 1
          && ((step + 1 - segment.startStep()) % segment.syncEvery() == 0 || step + 1 == segment.endStep());
      if (averageWeights) {
        start = System.nanoTime();
        float[][] all = exchange.allGather(message(divergedStep, divergedTerms, replica.weightVector()));
        syncs++;
        Divergence stop = divergence(all);
        if (stop != null) {
          return diverged(stop, stepLosses, running, learningRate, computeNanos, syncNanos, syncs);
        }
        replica.setWeightVector(Arrays.copyOfRange(average(all), header, header + replica.parameterCount()));
        syncNanos += System.nanoTime() - start;
      }
    }
    // The end of the segment: the same EMA weights and moments everywhere (K > 1), and everyone's loss sums.
    long start = System.nanoTime();
    double[] sums = running.toArray();
    float[] tail = new float[sums.length];
    for (int i = 0; i < sums.length; i++) {
      tail[i] = (float) sums[i];
    }
    double[] merged = sums.clone();
    if (segment.workers() > 1) {
      boolean averageState = segment.syncEvery() > 1;
      float[] state = averageState ? replica.averagesAndMoments() : new float[0];
      float[] mine = new float[tail.length + state.length];
      System.arraycopy(tail, 0, mine, 0, tail.length);
      System.arraycopy(state, 0, mine, tail.length, state.length);
      float[][] all = exchange.allGather(mine);
      syncs++;
      merged = new double[sums.length];
      for (float[] vector : all) {
        for (int i = 0; i < sums.length; i++) {
          merged[i] += vector[i];
        }
      }
      if (averageState) {
        replica.setAveragesAndMoments(Arrays.copyOfRange(average(all), tail.length, mine.length));
      }
    }
    syncNanos += System.nanoTime() - start;
    return new Outcome(-1, null, stepLosses, merged, learningRate, computeNanos, syncNanos, syncs);
  }

  private record Divergence(int step, float[] terms) {}

  private static Outcome diverged(Divergence stop, double[] stepLosses, TrainingMetrics.Accumulator running,
      float learningRate, long computeNanos, long syncNanos, int syncs) {
    return new Outcome(stop.step(), stop.terms(), stepLosses, running.toArray(), learningRate, computeNanos,
        syncNanos, syncs);
  }

  /** [diverged step or -1, the loss terms, payload]. */
  private static float[] message(int divergedStep, float[] terms, float[] payload) {
    float[] message = new float[1 + Replica.TERMS + payload.length];
    message[0] = divergedStep;
    if (terms != null) {
      System.arraycopy(terms, 0, message, 1, Replica.TERMS);
    }
    System.arraycopy(payload, 0, message, 1 + Replica.TERMS, payload.length);
    return message;
  }

  /** The earliest divergence any worker reports, or null. */
  private static Divergence divergence(float[][] all) {
    Divergence first = null;
    for (float[] vector : all) {
      int step = (int) vector[0];
      if (step >= 0 && (first == null || step < first.step())) {
        first = new Divergence(step, Arrays.copyOfRange(vector, 1, 1 + Replica.TERMS));
      }
    }
    return first;
  }

  /** The element-wise mean of the vectors, summed in their order in double precision. */
  public static float[] average(float[][] vectors) {
    int length = vectors[0].length;
    float[] mean = new float[length];
    for (float[] vector : vectors) {
      if (vector.length != length) {
        throw new IllegalStateException("workers sent vectors of " + length + " and " + vector.length
            + " numbers: their models differ");
      }
    }
    for (int i = 0; i < length; i++) {
      double sum = 0;
      for (float[] vector : vectors) {
        sum += vector[i];
      }
      mean[i] = (float) (sum / vectors.length);
    }
    return mean;
  }

  /** The metrics row of a segment that ended at {@code step}, from everyone's sums and a validation. */
  public static TrainingMetrics.Row row(Outcome outcome, int step, int stepsPerEpoch,
      TrainingMetrics.Validation validation) {
    TrainingMetrics.Accumulator running = new TrainingMetrics.Accumulator();
    running.merge(outcome.running());
    return running.row(step, (double) step / stepsPerEpoch, outcome.learningRate(), validation);
  }
}
