package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * Trains the denoiser in this JVM as CAMDM does: uniform timesteps, x0 targets, conditions dropped for
 * classifier-free guidance, AdamW with cosine learning-rate annealing over the planned epochs down to a tenth, and
 * an exponential moving average of the weights (decay warmed up as torch_ema does) that sampling uses. The steps
 * themselves are a {@link Replica}'s; {@code spark.ClusterTrainer} runs the same steps on a cluster's executors.
 *
 * <p>Every random choice of a step (windows, timesteps, dropped conditions, noise, dropout) derives from the
 * seed and the step number alone ({@link StepInputs}), so a run resumed from a checkpoint continues exactly as if
 * it had never stopped, and the same seed gives the same model. A checkpoint, with validation on the dev
 * sequences, is written every {@code checkpointEvery} steps and at the end; a NaN or infinite loss stops training
 * before the update, leaving the last good checkpoint in place.
 */
public final class DiffusionTrainer {

  /** Dev windows validated at each checkpoint, at most. */
  private static final int VALIDATION_WINDOWS = 16;

  /**
   * What to train on. {@code dev} may be empty (no validation metrics); sequences without a sign embedding
   * train the null sign token.
   */
  public record Data(List<Sequence> train, List<Sequence> dev, PoseStatistics statistics) {}

  /**
   * How long and from where: stop after {@code maxSteps} (0 = the planned epochs); {@code epochs} (0 = the
   * config's) plans the learning-rate schedule; {@code unconditional} ignores every sign (pretraining);
   * {@code resume} continues the folder's checkpoint; {@code initFrom} starts from another model folder's
   * weights (fine-tuning after pretraining).
   */
  public record Options(long seed, int maxSteps, int epochs, boolean unconditional, boolean resume,
      Path initFrom) implements java.io.Serializable {

    public static Options seeded(long seed, int maxSteps) {
      return new Options(seed, maxSteps, 0, false, false, null);
    }

    public Options resuming() {
      return new Options(seed, maxSteps, epochs, unconditional, true, initFrom);
    }
  }

  /** What happened: the metrics rows written, and the loss of every step of this run (NaN where unknown). */
  public record Result(int steps, List<TrainingMetrics.Row> metrics, double[] stepLosses) {}

  private final DiffusionConfig config;
  private final ModelFolder folder;
  private StepListener progress = (step, lastStep, stepLoss) -> {};

  public DiffusionTrainer(DiffusionConfig config, Path modelFolder) {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("diffusion config: " + String.join("; ", problems));
    }
    this.config = config;
    this.folder = new ModelFolder(modelFolder);
  }

  /** Told after every step, e.g. to move a progress bar. */
  @FunctionalInterface
  public interface StepListener {
    void stepDone(int step, int lastStep, double loss);
  }

  public DiffusionTrainer onProgress(StepListener listener) {
    this.progress = listener;
    return this;
  }

  public Result train(Data data, Options options) throws IOException {
    if (data.train().isEmpty()) {
      throw new IllegalArgumentException("training needs at least one sequence");
    }
    int batchSize = config.training().batchSize();
    int stepsPerEpoch = stepsPerEpoch(data.train().size(), batchSize);
    int plannedSteps = plannedSteps(config, options, stepsPerEpoch);
    int lastStep = lastStep(options, plannedSteps);
    List<Sequence> dev = data.dev().subList(0, Math.min(VALIDATION_WINDOWS, data.dev().size()));
    if (options.resume() && !Files.exists(folder.checkpoint())) {
      throw new IllegalArgumentException(folder.dir() + ": no checkpoint.bin to resume from");
    }
    TrainingState start = startingState(folder, config, options);
    try (Replica replica = new Replica(config, data.statistics(), null, options.seed())) {
      int step = 0;
      List<TrainingMetrics.Row> metrics = new ArrayList<>();
      if (start != null && options.resume()) {
        replica.restore(start, folder.checkpoint());
        step = start.step();
        metrics.addAll(start.metrics());
      } else if (start != null) {
        replica.initializeFrom(start.weights(), new ModelFolder(options.initFrom()).weights());
      }
      Files.createDirectories(folder.dir());

      int firstStep = step;
      double[] stepLosses = new double[Math.max(0, lastStep - firstStep)];
      TrainingMetrics.Accumulator running = new TrainingMetrics.Accumulator();
      while (step < lastStep) {
        float learningRate = learningRate(config.training(), step, plannedSteps);
        int[] indices = batchIndices(data.train().size(), batchSize, options.seed(), step, stepsPerEpoch);
        List<Sequence> sequences = new ArrayList<>(indices.length);
        for (int index : indices) {
          sequences.add(data.train().get(index));
        }
        StepInputs inputs = StepInputs.draw(sequences, data.statistics(), config, options.unconditional(),
            new SplittableRandom(stepSeed(options.seed(), step)));
        float[] terms = replica.computeGradients(inputs, stepSeed(options.seed(), step));
        if (!Float.isFinite(terms[0])) {
          throw diverged(folder, step, terms, metrics);
        }
        running.add(terms[0], terms[1], terms[2], terms[3], terms[4]);
        replica.update(step, learningRate);
        stepLosses[step - firstStep] = terms[0];
        step++;
        progress.stepDone(step, lastStep, terms[0]);
        if (step % config.training().checkpointEvery() == 0 || step == lastStep) {
          metrics.add(running.row(step, (double) step / stepsPerEpoch, learningRate,
              dev.isEmpty() ? null : replica.validate(dev, data.statistics(), options.seed(),
                  options.unconditional())));
          running = new TrainingMetrics.Accumulator();
          folder.writeCheckpoint(config, data.statistics(), replica.snapshot(step, metrics));
        }
      }
      return new Result(step, List.copyOf(metrics), stepLosses);
    }
  }

  /**
   * Where a run starts, as bytes: the folder's checkpoint when resuming (its config must be this one), another
   * folder's weights with {@code initFrom} (only {@link TrainingState#weights()} set), else null (from the seed).
   */
  public static TrainingState startingState(ModelFolder folder, DiffusionConfig config, Options options)
      throws IOException {
    if (options.resume()) {
      ModelFolder.requireFile(folder.checkpoint());
      DiffusionConfig saved = folder.readConfig();
      if (!saved.model().equals(config.model()) || saved.diffusion().steps() != config.diffusion().steps()
          || saved.loss().poseUnits() != config.loss().poseUnits()) {
        throw new IllegalArgumentException(folder.config() + ": the checkpoint was trained with another model"
            + " config; resume with the same config or train into a new folder");
      }
      return TrainingCheckpoint.read(folder.checkpoint());
    }
    if (options.initFrom() != null) {
      ModelFolder from = new ModelFolder(options.initFrom());
      Path weights = from.weights();
      ModelFolder.requireFile(weights);
      DiffusionConfig.Model saved = from.readConfig().model();
      DiffusionConfig.Model m = config.model();
      if (!saved.withDropout(m.dropout()).equals(m)) {
        throw new IllegalArgumentException(from.config() + ": its model has other sizes than this run's (" + saved
            + " against " + m + "); start from a model of the same sizes");
      }
      return new TrainingState(0, List.of(), Files.readAllBytes(weights), null, null);
    }
    return null;
  }

  /** Optimizer steps of one epoch: every sequence once, in batches of {@code batchSize}. */
  public static int stepsPerEpoch(long sequences, int batchSize) {
    return (int) Math.max(1, (sequences + batchSize - 1) / batchSize);
  }

  /** The steps the learning-rate schedule plans for: the epochs (the options', else the config's). */
  public static int plannedSteps(DiffusionConfig config, Options options, int stepsPerEpoch) {
    int epochs = options.epochs() > 0 ? options.epochs() : config.training().epochs();
    return Math.multiplyExact(epochs, stepsPerEpoch);
  }

  /** Where this run stops: {@code maxSteps}, or the planned steps. */
  public static int lastStep(Options options, int plannedSteps) {
    return options.maxSteps() > 0 ? Math.min(options.maxSteps(), plannedSteps) : plannedSteps;
  }

  /** The error of a loss that stopped being a number at {@code step}, and what it leaves in the folder. */
  public static TrainingDivergedException diverged(ModelFolder folder, int step, float[] terms,
      List<TrainingMetrics.Row> metrics) {
    String kept;
    if (!metrics.isEmpty()) {
      kept = "the last good checkpoint (step " + metrics.get(metrics.size() - 1).step() + ") is kept in "
          + folder.checkpoint();
    } else {
      kept = Files.exists(folder.checkpoint()) ? "this run reached no checkpoint; " + folder.checkpoint()
          + " is left as an earlier run wrote it" : "this run reached no checkpoint, so none is written";
    }
    return new TrainingDivergedException(String.format(
        "training stopped: the loss became %s at step %d (mse %s, velocity %s, acceleration %s); "
            + "%s; lower training.learningRate or check the input poses for extreme values",
        terms[0], step + 1, terms[1], terms[2], terms[3], kept));
  }

  float learningRate(int step, int plannedSteps) {
    return learningRate(config.training(), step, plannedSteps);
  }

  /** The cosine annealing of CAMDM's schedule, per step over the planned steps, down to the floor. */
  public static float learningRate(DiffusionConfig.Training training, int step, int plannedSteps) {
    double floor = training.learningRate() * training.minLearningRateFactor();
    double progress = Math.min(1.0, (double) step / plannedSteps);
    return (float) (floor + (training.learningRate() - floor) * (1 + Math.cos(Math.PI * progress)) / 2);
  }

  /**
   * The sequences of a step's batch: each epoch walks a seeded permutation of the sequences, cycling when the
   * batch is larger than the set.
   */
  static int[] batchIndices(int sequences, int batchSize, long seed, int step, int stepsPerEpoch) {
    int epoch = step / stepsPerEpoch;
    int[] order = new int[sequences];
    for (int i = 0; i < sequences; i++) {
      order[i] = i;
    }
    SplittableRandom shuffle = new SplittableRandom(seed * 31 + epoch);
    for (int i = sequences - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int[] batch = new int[batchSize];
    int start = (step % stepsPerEpoch) * batchSize;
    for (int k = 0; k < batchSize; k++) {
      batch[k] = order[(start + k) % sequences];
    }
    return batch;
  }

  /** The seed of a step's random choices (from step -1: of the initial weights). */
  public static int stepSeed(long seed, int step) {
    long mixed = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (step + 2L))).nextLong();
    return (int) (mixed ^ (mixed >>> 32));
  }

  /** Thrown when the loss stops being a finite number. */
  public static final class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message) {
      super(message);
    }
  }
}
