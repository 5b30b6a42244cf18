package org.signwriting.animation.data;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.signwriting.SymbolTokens;

/**
 * Training windows of the diffusion model, cut from in-memory pose sequences: {@code pastFrames} frames of
 * context before a pivot and {@code futureFrames} frames to predict from it, the pivot at one of the frames where
 * the sampler starts a chunk (see {@link #pivot}).
 *
 * <p>Windows are normalized by the pose statistics ({@link PoseStatistics}, with its rule for degenerate values).
 * Past frames before the sequence start are the mean pose (zero once normalized), the same context the sampler
 * starts an animation from. Future frames after the sequence end and points whose confidence is 0 are masked out
 * of the loss.
 */
public final class TrainingWindows {

  /**
   * One person's pose sequence, flat row-major {@code frames × points × dims}, with one confidence per frame
   * and point (0 = missing); {@code signEmbedding} (the sign encoder's) and {@code signWriting} (the sign's text,
   * FSW or SWU, which a model with symbol rows reads too, {@link SymbolTokens#condition}) are null for poses without
   * SignWriting.
   */
  public record Sequence(String id, int frames, int points, int dims, float[] data, float[] confidence,
      float[] signEmbedding, String signWriting) implements java.io.Serializable {

    public Sequence {
      if (frames < 1 || points < 1 || dims < 1) {
        throw new IllegalArgumentException(id + ": a sequence needs at least one frame, point and dimension"
            + " (got " + frames + " × " + points + " × " + dims + ")");
      }
      if (data == null || data.length != frames * points * dims) {
        throw new IllegalArgumentException(id + ": data holds " + (data == null ? 0 : data.length)
            + " numbers, expected frames × points × dims = " + frames * points * dims);
      }
      if (confidence == null || confidence.length != frames * points) {
        throw new IllegalArgumentException(id + ": confidence holds " + (confidence == null ? 0
            : confidence.length) + " numbers, expected frames × points = " + frames * points);
      }
      for (int i = 0; i < data.length; i++) {
        if (!Float.isFinite(data[i]) && confidence[i / dims] > 0) {
          throw new IllegalArgumentException(id + ": frame " + i / (points * dims) + ", point "
              + (i / dims) % points + " is " + data[i] + " but not masked");
        }
      }
    }

    /** The first person of a pose body (the signer; the seed trains on one person). */
    public static Sequence firstPerson(String id, PoseBody body, float[] signEmbedding, String signWriting) {
      if (body.people() < 1 || body.frames() < 1) {
        throw new IllegalArgumentException(id + ": no person or no frame to train on (" + body.people()
            + " people, " + body.frames() + " frames)");
      }
      int points = body.points();
      int dims = body.dims();
      float[] data = new float[body.frames() * points * dims];
      float[] confidence = new float[body.frames() * points];
      for (int f = 0; f < body.frames(); f++) {
        System.arraycopy(body.data(), body.dataIndex(f, 0, 0), data, f * points * dims, points * dims);
        System.arraycopy(body.confidence(), body.confidenceIndex(f, 0, 0), confidence, f * points, points);
      }
      return new Sequence(id, body.frames(), points, dims, data, confidence, signEmbedding, signWriting);
    }

    /**
     * {@link #firstPerson} of the body a table row makes, or null where the row cannot be trained on (its arrays do
     * not fit its shape, it has no frame, or a point it says is present is not a number): {@code skipped} hears why,
     * in one line naming {@code id}. Every reader of training rows goes through here, so one bad row is left out
     * and counted, and never fails the rest of the data.
     */
    public static Sequence firstPersonOrSkip(String id, Supplier<PoseBody> body, float[] signEmbedding,
        String signWriting, Consumer<String> skipped) {
      try {
        return firstPerson(id, body.get(), signEmbedding, signWriting);
      } catch (IllegalArgumentException e) {
        String reason = String.valueOf(e.getMessage());
        skipped.accept(reason.startsWith(id + ":") ? reason : id + ": " + reason);
        return null;
      }
    }

    boolean present(int frame, int point) {
      return confidence[frame * points + point] > 0;
    }
  }

  /**
   * The statistics of {@code sequences} (masked points ignored), their points named by {@code components} and
   * {@code names}.
   */
  public static PoseStatistics statistics(List<Sequence> sequences, List<String> components, List<String> names) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("pose statistics need at least one sequence");
    }
    PoseStatistics.Accumulator accumulator = new PoseStatistics.Accumulator(sequences.get(0).points(),
        sequences.get(0).dims());
    for (Sequence s : sequences) {
      requireShape(s, accumulator.points(), accumulator.dims());
      accumulator.add(s.data(), s.confidence(), s.frames(), 1);
    }
    return accumulator.result(components, names);
  }

  /** The statistics of synthetic {@code sequences} that have no pose header: points named 0, 1, ... */
  public static PoseStatistics statistics(List<Sequence> sequences) {
    int points = sequences.isEmpty() ? 0 : sequences.get(0).points();
    List<String> names = java.util.stream.IntStream.range(0, points).mapToObj(Integer::toString).toList();
    return statistics(sequences, java.util.Collections.nCopies(points, "POINTS"), names);
  }

  /**
   * A batch of windows, flat row-major: {@code past} is {@code size × pastFrames × points × dims},
   * {@code future} {@code size × futureFrames × points × dims}, {@code futureMask}
   * {@code size × futureFrames × points} (1 = a real point to learn), {@code signConditions}
   * {@code size × conditionSize} (each sign's embedding and symbol rows, {@link SymbolTokens#condition}; zeros where
   * {@code hasSign} is 0), {@code frameCounts} each sequence's length.
   */
  public record Batch(int size, float[] past, float[] future, float[] futureMask, float[] signConditions,
      float[] hasSign, float[] frameCounts) {}

  private final List<Sequence> sequences;
  private final PoseStatistics statistics;
  private final int pastFrames;
  private final int futureFrames;
  private final int conditionSize;
  /** Each sequence's condition ({@link SymbolTokens#condition}), null for a sequence without a sign. */
  private final float[][] conditions;

  /**
   * Windows of {@code sequences} for a model whose sign condition is an embedding of {@code signEmbeddingSize}
   * numbers and {@code symbolSlots} rows of the sign's symbols.
   */
  public TrainingWindows(List<Sequence> sequences, PoseStatistics statistics, int pastFrames, int futureFrames,
      int signEmbeddingSize, int symbolSlots) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("training windows need at least one sequence");
    }
    conditions = new float[sequences.size()][];
    for (int i = 0; i < sequences.size(); i++) {
      Sequence s = sequences.get(i);
      requireShape(s, statistics.points(), statistics.dims());
      if (s.signEmbedding() != null && s.signEmbedding().length != signEmbeddingSize) {
        throw new IllegalArgumentException(s.id() + ": sign embedding has " + s.signEmbedding().length
            + " numbers, the model expects " + signEmbeddingSize);
      }
      if (s.signEmbedding() != null) {
        try {
          conditions[i] = SymbolTokens.condition(s.signEmbedding(), s.signWriting(), symbolSlots);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(s.id() + ": " + e.getMessage(), e);
        }
      }
    }
    this.sequences = List.copyOf(sequences);
    this.statistics = statistics;
    this.pastFrames = pastFrames;
    this.futureFrames = futureFrames;
    this.conditionSize = SymbolTokens.conditionSize(signEmbeddingSize, symbolSlots);
  }

  public int sequenceCount() {
    return sequences.size();
  }

  /**
   * The pivot frame of a window of {@code sequence}: a multiple of {@code futureFrames} before its end, uniform
   * among them. These are the frames where the sampler starts its chunks (it animates a sign from the mean pose,
   * {@code futureFrames} at a time, each chunk conditioned on the frames before it), so training sees the
   * contexts the sampler gives, the sign's start after the mean pose first of all. The seed's pivots (uniform
   * in {@code [pastFrames, frames - futureFrames]}, the middle of a short sequence) never showed the model a
   * sign's first frames after the mean pose, the context every animation starts from.
   */
  public int pivot(Sequence sequence, RandomGenerator random) {
    int chunks = (sequence.frames() + futureFrames - 1) / futureFrames;
    return futureFrames * random.nextInt(chunks);
  }

  /** One window per index, pivots drawn from {@code random}. */
  public Batch batch(int[] sequenceIndices, RandomGenerator random) {
    int n = sequenceIndices.length;
    int points = statistics.points();
    int dims = statistics.dims();
    int frameSize = points * dims;
    float[] past = new float[n * pastFrames * frameSize];
    float[] future = new float[n * futureFrames * frameSize];
    float[] futureMask = new float[n * futureFrames * points];
    float[] signConditions = new float[n * conditionSize];
    float[] hasSign = new float[n];
    float[] frameCounts = new float[n];
    for (int b = 0; b < n; b++) {
      Sequence s = sequences.get(sequenceIndices[b]);
      float[] condition = conditions[sequenceIndices[b]];
      int pivot = pivot(s, random);
      for (int k = 0; k < pastFrames; k++) {
        int frame = pivot - pastFrames + k;
        if (frame >= 0) {
          copyFrame(s, frame, past, (b * pastFrames + k) * frameSize, null, 0);
        }
      }
      for (int k = 0; k < futureFrames; k++) {
        int frame = pivot + k;
        if (frame < s.frames()) {
          copyFrame(s, frame, future, (b * futureFrames + k) * frameSize, futureMask,
              (b * futureFrames + k) * points);
        }
      }
      if (condition != null) {
        System.arraycopy(condition, 0, signConditions, b * conditionSize, conditionSize);
        hasSign[b] = 1;
      }
      frameCounts[b] = s.frames();
    }
    return new Batch(n, past, future, futureMask, signConditions, hasSign, frameCounts);
  }

  /** Normalized frame {@code frame} of {@code s} into {@code target}; missing points stay at the mean. */
  private void copyFrame(Sequence s, int frame, float[] target, int offset, float[] mask, int maskOffset) {
    int dims = s.dims();
    for (int p = 0; p < s.points(); p++) {
      if (!s.present(frame, p)) {
        continue;
      }
      for (int d = 0; d < dims; d++) {
        int i = p * dims + d;
        target[offset + i] = statistics.normalize(i, s.data()[(frame * s.points() + p) * dims + d]);
      }
      if (mask != null) {
        mask[maskOffset + p] = 1;
      }
    }
  }

  private static void requireShape(Sequence s, int points, int dims) {
    if (s.points() != points || s.dims() != dims) {
      throw new IllegalArgumentException(s.id() + ": has " + s.points() + " points × " + s.dims()
          + " dims, expected " + points + " × " + dims);
    }
  }
}
