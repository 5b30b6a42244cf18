package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.signwriting.SymbolTokens;

/**
 * Generates motion with a trained denoiser: DDPM sampling of future windows with classifier-free guidance,
 * and autoregressive animation from the mean pose in {@code futureFrames} chunks, each conditioned on the last
 * {@code pastFrames} frames and the sign.
 *
 * <p>Guidance runs the conditional pass (sign and past motion) and the unconditional one (null sign, no past)
 * as one batch and extrapolates: {@code x0 = uncond + scale · (cond − uncond)}; scale 1 is the conditional
 * model alone ({@link SignToPoseDiffusion.Sampling} computes both with less arithmetic than two forward passes).
 * Same seed, same motion, also when several threads sample at once: the noise comes from a generator of each
 * call's own, not from the engine's shared one.
 */
public final class DiffusionSampler implements AutoCloseable {

  private final SignToPoseDiffusion model;
  private final DiffusionConfig config;
  private final GaussianDiffusion diffusion;
  private final PoseStatistics statistics;
  private final NDManager manager;
  private final boolean ownsManager;

  /** Samples with {@code model} (already initialized), whose arrays live in {@code manager}. */
  public DiffusionSampler(SignToPoseDiffusion model, DiffusionConfig config, PoseStatistics statistics,
      NDManager manager) {
    this(model, config, statistics, manager, false);
  }

  private DiffusionSampler(SignToPoseDiffusion model, DiffusionConfig config, PoseStatistics statistics,
      NDManager manager, boolean ownsManager) {
    if (statistics.points() != config.model().points() || statistics.dims() != config.model().dims()) {
      throw new IllegalArgumentException("pose statistics are for " + statistics.points() + " points × "
          + statistics.dims() + " dims, the model for " + config.model().points() + " × "
          + config.model().dims());
    }
    this.model = model;
    this.config = config;
    this.diffusion = new GaussianDiffusion(config.diffusion().steps());
    this.statistics = statistics;
    this.manager = manager;
    this.ownsManager = ownsManager;
  }

  /** Opens a trained model folder with its EMA weights. */
  public static DiffusionSampler open(Path modelFolder) throws IOException {
    ModelFolder folder = new ModelFolder(modelFolder);
    DiffusionConfig config = folder.readConfig();
    PoseStatistics statistics = folder.readStatistics();
    NDManager manager = NDManager.newBaseManager();
    try {
      SignToPoseDiffusion model = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
      model.initialize(manager);
      ModelFolder.readWeights(folder.emaWeights(), model, manager);
      return new DiffusionSampler(model, config, statistics, manager, true);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public DiffusionConfig config() {
    return config;
  }

  public PoseStatistics statistics() {
    return statistics;
  }

  /**
   * What this model reads of a sign ({@code condition} below): the sign encoder's {@code embedding} and, when the
   * model reads symbols, the symbol rows of its text ({@link SymbolTokens#condition}).
   */
  public float[] condition(float[] embedding, String signWriting) {
    return SymbolTokens.condition(embedding, signWriting, config.model().symbolSlots());
  }

  /** The sign's length in frames as the length head predicts it from its {@link #condition} (at least one chunk). */
  public int predictFrames(float[] condition) {
    DiffusionConfig.Model m = config.model();
    requireSign(condition);
    try (NDManager scope = manager.newSubManager()) {
      NDList out = forward(scope, scope.zeros(new Shape(1, m.futureFrames(), m.frameSize())), new int[] {0},
          scope.zeros(new Shape(1, m.pastFrames(), m.frameSize())),
          scope.create(condition, new Shape(1, m.conditionSize())), new float[] {1}, new float[] {1});
      double frames = Math.exp(out.get(1).getFloat(0));
      return (int) Math.max(m.futureFrames(), Math.min(Math.round(frames), 100_000));
    }
  }

  /**
   * Samples {@code count} normalized future windows.
   *
   * @param past normalized {@code count × pastFrames × points·dims}
   * @param signs {@code count × conditionSize} ({@link #condition}); rows where {@code hasSign} is 0 are ignored
   * @return normalized {@code count × futureFrames × points·dims}
   */
  public float[] sampleFutures(int count, float[] past, float[] signs, float[] hasSign, float guidance,
      long seed) {
    DiffusionConfig.Model m = config.model();
    try (NDManager scope = manager.newSubManager()) {
      NDArray pastArray = scope.create(past, new Shape(count, m.pastFrames(), m.frameSize()));
      NDArray signArray = scope.create(signs, new Shape(count, m.conditionSize()));
      SignToPoseDiffusion.Sampling denoiser = model.new Sampling(new ParameterStore(scope, false), pastArray,
          signArray, Arrays.copyOf(hasSign, count), guidance != 1f);
      NDArray sample = diffusion.sample(scope, new Shape(count, m.futureFrames(), m.frameSize()),
          new SplittableRandom(seed), (x, t) -> denoiser.x0(x, t, guidance));
      return sample.toFloatArray();
    }
  }

  /**
   * Continues a motion: the next {@code futureFrames} frames after {@code pastFrames} real frames.
   *
   * @param past {@code pastFrames × points × dims} in pose units
   * @param condition the sign's {@link #condition}, or null for none
   * @return {@code futureFrames × points × dims} in pose units
   */
  public float[] continueMotion(float[] past, float[] condition, float guidance, long seed) {
    DiffusionConfig.Model m = config.model();
    if (past.length != m.pastFrames() * m.frameSize()) {
      throw new IllegalArgumentException("past motion holds " + past.length + " numbers, expected pastFrames ("
          + m.pastFrames() + ") × points × dims (" + m.frameSize() + ")");
    }
    float[] normalized = past.clone();
    statistics.normalizeFrames(normalized);
    float[] future = sampleOne(normalized, condition, guidance, seed);
    statistics.denormalizeFrames(future);
    return future;
  }

  /**
   * Animates a sign from the mean pose: {@code frames × points × dims} in pose units.
   *
   * @param condition the sign's {@link #condition}, or null to sample unconditionally
   */
  public float[] animate(float[] condition, int frames, float guidance, long seed) {
    return animate(Collections.singletonList(condition), new int[] {frames}, guidance, seed);
  }

  /**
   * Animates signs one after the other from the mean pose, each continuing the motion of the one before:
   * {@code sum(frames) × points × dims} in pose units.
   *
   * @param conditions one {@link #condition} per sign (null entries sample unconditionally)
   * @param frames the frame count of each sign
   */
  public float[] animate(List<float[]> conditions, int[] frames, float guidance, long seed) {
    return animate(conditions, frames, guidance, seed, done -> { });
  }

  /** As {@link #animate(List, int[], float, long)}, telling {@code progress} the frames done after each chunk. */
  public float[] animate(List<float[]> conditions, int[] frames, float guidance, long seed,
      IntConsumer progress) {
    if (conditions.size() != frames.length || frames.length == 0) {
      throw new IllegalArgumentException("need one frame count per sign, got " + conditions.size()
          + " signs and " + frames.length + " counts");
    }
    DiffusionConfig.Model m = config.model();
    int frameSize = m.frameSize();
    int total = 0;
    for (int count : frames) {
      if (count < 1) {
        throw new IllegalArgumentException("a sign needs at least one frame, not " + count);
      }
      total += count;
    }
    // Normalized motion, starting with pastFrames frames of the mean pose (zeros), grown chunk by chunk.
    float[] motion = new float[(m.pastFrames() + total + m.futureFrames()) * frameSize];
    int end = m.pastFrames();
    int chunk = 0;
    for (int sign = 0; sign < frames.length; sign++) {
      int signEnd = end + frames[sign];
      while (end < signEnd) {
        float[] past = Arrays.copyOfRange(motion, (end - m.pastFrames()) * frameSize, end * frameSize);
        float[] future = sampleOne(past, conditions.get(sign), guidance, seed + chunk++);
        int kept = Math.min(m.futureFrames(), signEnd - end);
        System.arraycopy(future, 0, motion, end * frameSize, kept * frameSize);
        end += kept;
        progress.accept(end - m.pastFrames());
      }
    }
    float[] animation = Arrays.copyOfRange(motion, m.pastFrames() * frameSize, end * frameSize);
    statistics.denormalizeFrames(animation);
    return animation;
  }

  /**
   * The model's chunks of one sign, each continuing the ground truth's frames before it instead of the model's own
   * motion (teacher forcing): {@code frames × points × dims} in pose units, chunk by chunk as {@link #animate} (the
   * same seeds), the first from the mean pose as every animation's. Beside {@link #animate} it tells how much of an
   * animation's error is the model carrying its own motion on and how much is each chunk's.
   *
   * @param truth the ground truth, {@code frames × points × dims} in pose units
   * @param confidence its confidence per frame and point ({@code frames × points}; 0: missing, read as the mean
   *     pose's), or null for all present
   * @param condition the sign's {@link #condition}, or null to sample unconditionally
   */
  public float[] animateOnTruth(float[] condition, float[] truth, float[] confidence, int frames, float guidance,
      long seed) {
    DiffusionConfig.Model m = config.model();
    int frameSize = m.frameSize();
    if (frames < 1 || truth.length != frames * frameSize
        || (confidence != null && confidence.length != frames * m.points())) {
      throw new IllegalArgumentException("the ground truth holds " + truth.length + " numbers for " + frames
          + " frames of " + frameSize + (confidence == null ? "" : " and " + confidence.length + " confidences"));
    }
    // Normalized, with pastFrames frames of the mean pose (zeros) before it, as animate starts.
    float[] context = new float[(m.pastFrames() + frames) * frameSize];
    float[] normalized = truth.clone();
    statistics.normalizeFrames(normalized);
    for (int f = 0; f < frames; f++) {
      for (int p = 0; p < m.points(); p++) {
        if (confidence == null || confidence[f * m.points() + p] > 0) {
          System.arraycopy(normalized, (f * m.points() + p) * m.dims(), context,
              ((m.pastFrames() + f) * m.points() + p) * m.dims(), m.dims());
        }
      }
    }
    float[] animation = new float[frames * frameSize];
    int chunk = 0;
    for (int start = 0; start < frames; start += m.futureFrames()) {
      float[] past = Arrays.copyOfRange(context, start * frameSize, (start + m.pastFrames()) * frameSize);
      float[] future = sampleOne(past, condition, guidance, seed + chunk++);
      int kept = Math.min(m.futureFrames(), frames - start);
      System.arraycopy(future, 0, animation, start * frameSize, kept * frameSize);
    }
    statistics.denormalizeFrames(animation);
    return animation;
  }

  private float[] sampleOne(float[] normalizedPast, float[] condition, float guidance, long seed) {
    int size = config.model().conditionSize();
    if (condition != null) {
      requireSign(condition);
    }
    float[] sign = condition == null ? new float[size] : condition;
    return sampleFutures(1, normalizedPast, sign, new float[] {condition == null ? 0 : 1}, guidance, seed);
  }

  private NDList forward(NDManager scope, NDArray noisy, int[] timesteps, NDArray past, NDArray sign,
      float[] keepSign, float[] keepPast) {
    return model.forward(new ParameterStore(scope, false), new NDList(noisy, scope.create(timesteps), past,
        sign, scope.create(keepSign), scope.create(keepPast)), false);
  }

  private void requireSign(float[] condition) {
    DiffusionConfig.Model m = config.model();
    if (condition.length != m.conditionSize()) {
      throw new IllegalArgumentException("sign condition has " + condition.length + " numbers, the model expects "
          + m.conditionSize() + (m.symbolSlots() == 0 ? "" : " (an embedding of " + m.signEmbeddingSize()
          + " and " + m.symbolSlots() + " symbol rows)"));
    }
  }

  @Override
  public void close() {
    if (ownsManager) {
      manager.close();
    }
  }
}
