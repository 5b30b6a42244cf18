package org.signwriting.animation.diffusion;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Batch;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.util.NativeStderr;

/**
 * Trains the denoiser as CAMDM does: uniform timesteps, x0 targets, conditions dropped for classifier-free
 * guidance, AdamW with cosine learning-rate annealing over the planned epochs down to a tenth, and an
 * exponential moving average of the weights (decay warmed up as torch_ema does) that sampling uses.
 *
 * <p>Every random choice of a step (windows, timesteps, dropped conditions, noise, dropout) derives from the
 * seed and the step number alone, so a run resumed from a checkpoint continues exactly as if it had never
 * stopped, and the same seed gives the same model. A checkpoint, with validation on the dev sequences, is
 * written every {@code checkpointEvery} steps and at the end; a NaN or infinite loss stops training before
 * the update, leaving the last good checkpoint in place.
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
      Path initFrom) {

    public static Options seeded(long seed, int maxSteps) {
      return new Options(seed, maxSteps, 0, false, false, null);
    }

    public Options resuming() {
      return new Options(seed, maxSteps, epochs, unconditional, true, initFrom);
    }
  }

  /** What happened: the metrics rows written, and the loss of every step of this run. */
  public record Result(int steps, List<TrainingMetrics.Row> metrics, double[] stepLosses) {}

  private final DiffusionConfig config;
  private final ModelFolder folder;
  private final GaussianDiffusion diffusion;
  private final DiffusionLoss loss;
  private StepListener progress = (step, lastStep, stepLoss) -> {};

  public DiffusionTrainer(DiffusionConfig config, Path modelFolder) {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("diffusion config: " + String.join("; ", problems));
    }
    this.config = config;
    this.folder = new ModelFolder(modelFolder);
    this.diffusion = new GaussianDiffusion(config.diffusion().steps());
    this.loss = new DiffusionLoss(config.loss(), config.model().points(), config.model().dims());
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
    DiffusionConfig.Model m = config.model();
    TrainingWindows windows = new TrainingWindows(data.train(), data.statistics(), m.pastFrames(),
        m.futureFrames(), m.signEmbeddingSize());
    TrainingWindows devWindows = data.dev().isEmpty() ? null : new TrainingWindows(data.dev(),
        data.statistics(), m.pastFrames(), m.futureFrames(), m.signEmbeddingSize());
    int batchSize = config.training().batchSize();
    int stepsPerEpoch = Math.max(1, (windows.sequenceCount() + batchSize - 1) / batchSize);
    int epochs = options.epochs() > 0 ? options.epochs() : config.training().epochs();
    int plannedSteps = epochs * stepsPerEpoch;
    int lastStep = options.maxSteps() > 0 ? Math.min(options.maxSteps(), plannedSteps) : plannedSteps;

    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(stepSeed(options.seed(), -1));
      State state = new State(manager);
      if (options.resume() && !Files.exists(folder.checkpoint())) {
        throw new IllegalArgumentException(folder.dir() + ": no checkpoint.bin to resume from");
      }
      if (options.resume()) {
        requireSameConfig();
        state.step = TrainingCheckpoint.read(folder.checkpoint(), state.model, state.ema, state.moments,
            manager, state.metrics);
      } else if (options.initFrom() != null) {
        ModelFolder source = new ModelFolder(options.initFrom());
        ModelFolder.readWeights(source.weights(), state.model, manager);
        ModelFolder.readWeights(source.weights(), state.ema, manager);
      }
      state.requireGradients();
      Files.createDirectories(folder.dir());

      int firstStep = state.step;
      double[] stepLosses = new double[Math.max(0, lastStep - firstStep)];
      TrainingMetrics.Accumulator running = new TrainingMetrics.Accumulator();
      ParameterStore store = new ParameterStore(manager, false);
      while (state.step < lastStep) {
        int step = state.step;
        float learningRate = learningRate(step, plannedSteps);
        float stepLoss = trainStep(state, store, windows, options, step, stepsPerEpoch, learningRate, running);
        stepLosses[step - firstStep] = stepLoss;
        state.step++;
        progress.stepDone(state.step, lastStep, stepLoss);
        if (state.step % config.training().checkpointEvery() == 0 || state.step == lastStep) {
          TrainingMetrics.Row row = running.row(state.step, (double) state.step / stepsPerEpoch, learningRate,
              devWindows == null ? null : validate(state, devWindows, data.statistics(), options));
          state.metrics.add(row);
          running = new TrainingMetrics.Accumulator();
          // Config and statistics first, so a checkpoint never exists without them; they always describe the
          // checkpoint (a run that diverges before its first checkpoint leaves the previous one's). The weights
          // let the folder animate from every checkpoint on.
          folder.writeConfig(config);
          folder.writeStatistics(data.statistics());
          TrainingCheckpoint.write(folder.checkpoint(), state.step, state.model, state.ema, state.moments,
              state.metrics);
          TrainingMetrics.write(state.metrics, folder.metricsCsv(), folder.metricsPlot());
          folder.writeWeights(folder.weights(), state.model);
          folder.writeWeights(folder.emaWeights(), state.ema);
        }
      }
      return new Result(state.step, List.copyOf(state.metrics), stepLosses);
    }
  }

  private float trainStep(State state, ParameterStore store, TrainingWindows windows, Options options, int step,
      int stepsPerEpoch, float learningRate, TrainingMetrics.Accumulator running) {
    DiffusionConfig.Model m = config.model();
    SplittableRandom random = new SplittableRandom(stepSeed(options.seed(), step));
    Engine.getInstance().setRandomSeed(stepSeed(options.seed(), step));
    int[] indices = batchIndices(windows.sequenceCount(), config.training().batchSize(), options.seed(), step,
        stepsPerEpoch);
    int n = indices.length;
    Batch batch = windows.batch(indices, random);
    int[] timesteps = random.ints(n, 0, diffusion.steps()).toArray();
    Keeps keeps = dropConditions(random, batch.hasSign(), config.diffusion().conditionDropProbability(),
        options.unconditional());
    float[] keepSign = keeps.sign();
    float[] keepPast = keeps.past();
    try (NDManager scope = state.manager.newSubManager()) {
      NDArray x0 = scope.create(batch.future(), new Shape(n, m.futureFrames(), m.frameSize()));
      NDArray noisy = diffusion.qSample(x0, timesteps, scope.randomNormal(x0.getShape()));
      NDList inputs = new NDList(noisy, scope.create(timesteps),
          scope.create(batch.past(), new Shape(n, m.pastFrames(), m.frameSize())),
          scope.create(batch.signEmbedding(), new Shape(n, m.signEmbeddingSize())),
          scope.create(keepSign), scope.create(keepPast));
      float total;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList out = state.model.forward(store, inputs, true);
        DiffusionLoss.Terms terms = loss.compute(out.get(0), x0,
            scope.create(batch.futureMask(), new Shape(n, m.futureFrames(), m.points())), out.get(1),
            scope.create(batch.frameCounts()),
            scope.create(options.unconditional() ? new float[n] : batch.hasSign()));
        total = terms.total().getFloat();
        if (!Float.isFinite(total)) {
          throw new TrainingDivergedException(String.format(
              "training stopped: the loss became %s at step %d (mse %s, velocity %s, acceleration %s); "
                  + "%s; lower training.learningRate or check the input poses for extreme values",
              total, step + 1, terms.mse().getFloat(), terms.velocity().getFloat(),
              terms.acceleration().getFloat(), checkpointKept(state)));
        }
        collector.backward(terms.total());
        running.add(total, terms.mse().getFloat(), terms.velocity().getFloat(),
            terms.acceleration().getFloat(), terms.length().getFloat());
      }
      state.update(scope, learningRate, config.training().weightDecay(), config.training().emaDecay());
      return total;
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

  /** What a run that stops now leaves: its last checkpoint, or none (a diverged first step has none). */
  private String checkpointKept(State state) {
    if (!state.metrics.isEmpty()) {
      return "the last good checkpoint (step " + state.metrics.get(state.metrics.size() - 1).step() + ") is kept in "
          + folder.checkpoint();
    }
    return Files.exists(folder.checkpoint()) ? "this run reached no checkpoint; " + folder.checkpoint()
        + " is left as an earlier run wrote it" : "this run reached no checkpoint, so none is written";
  }

  /** Validation on fixed dev windows with the EMA weights: x0 error, then sampled motion against the real. */
  private TrainingMetrics.Validation validate(State state, TrainingWindows dev, PoseStatistics statistics,
      Options options) {
    long seed = options.seed();
    DiffusionConfig.Model m = config.model();
    int n = Math.min(VALIDATION_WINDOWS, dev.sequenceCount());
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    Batch batch = dev.batch(indices, random);
    float[] hasSign = options.unconditional() ? new float[n] : batch.hasSign();
    float[] keepAll = new float[n];
    Arrays.fill(keepAll, 1);
    int[] timesteps = new int[n];
    for (int i = 0; i < n; i++) {
      timesteps[i] = random.nextInt(diffusion.steps());
    }
    double mse;
    try (NDManager scope = state.manager.newSubManager()) {
      Engine.getInstance().setRandomSeed((int) seed);
      NDArray x0 = scope.create(batch.future(), new Shape(n, m.futureFrames(), m.frameSize()));
      NDArray noisy = diffusion.qSample(x0, timesteps, scope.randomNormal(x0.getShape()));
      NDArray predicted = state.ema.forward(new ParameterStore(scope, false), new NDList(noisy,
          scope.create(timesteps), scope.create(batch.past(), new Shape(n, m.pastFrames(), m.frameSize())),
          scope.create(batch.signEmbedding(), new Shape(n, m.signEmbeddingSize())), scope.create(hasSign),
          scope.create(keepAll)), false).get(0);
      mse = MotionMetrics.maskedMse(predicted.toFloatArray(), batch.future(), batch.futureMask(), m.points(),
          m.dims());
    }
    try (DiffusionSampler sampler = new DiffusionSampler(state.ema, config, statistics,
        state.manager)) {
      float[] sampled = sampler.sampleFutures(n, batch.past(), batch.signEmbedding(), hasSign,
          config.diffusion().guidanceScale(), seed);
      return TrainingMetrics.Validation.of(mse, sampled, batch, statistics, m);
    }
  }

  /** The cosine annealing of CAMDM's schedule, per step over the planned steps, down to the floor. */
  float learningRate(int step, int plannedSteps) {
    double floor = config.training().learningRate() * config.training().minLearningRateFactor();
    double progress = Math.min(1.0, (double) step / plannedSteps);
    return (float) (floor + (config.training().learningRate() - floor) * (1 + Math.cos(Math.PI * progress)) / 2);
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

  static int stepSeed(long seed, int step) {
    long mixed = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (step + 2L))).nextLong();
    return (int) (mixed ^ (mixed >>> 32));
  }

  private void requireSameConfig() throws IOException {
    DiffusionConfig saved = folder.readConfig();
    if (!saved.model().equals(config.model()) || saved.diffusion().steps() != config.diffusion().steps()) {
      throw new IllegalArgumentException(folder.config() + ": the checkpoint was trained with another model"
          + " config; resume with the same config or train into a new folder");
    }
  }

  /** Thrown when the loss stops being a finite number. */
  public static final class TrainingDivergedException extends IllegalStateException {
    TrainingDivergedException(String message) {
      super(message);
    }
  }

  /** The model, its EMA copy and AdamW's moments, all in one manager. */
  private final class State {
    final NDManager manager;
    final SignToPoseDiffusion model;
    final SignToPoseDiffusion ema;
    final NDList moments = new NDList();
    final List<TrainingMetrics.Row> metrics = new ArrayList<>();
    int step;

    State(NDManager manager) {
      this.manager = manager;
      model = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
      model.initialize(manager);
      ema = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
      ema.initialize(manager);
      List<Parameter> parameters = parameters(model);
      List<Parameter> averages = parameters(ema);
      // The first copyTo of the process makes libtorch print a deprecation warning on stderr: not for users.
      NativeStderr.mutedOnce(() -> {
        for (int i = 0; i < parameters.size(); i++) {
          NDArray weight = parameters.get(i).getArray();
          weight.copyTo(averages.get(i).getArray());
          moments.add(manager.zeros(weight.getShape()));
          moments.add(manager.zeros(weight.getShape()));
        }
      });
    }

    /** Loaded parameters arrive without gradients; training needs them on the model's weights. */
    void requireGradients() {
      for (Parameter parameter : parameters(model)) {
        parameter.getArray().setRequiresGradient(true);
      }
    }

    /** One AdamW step (decoupled weight decay, bias-corrected moments), then the EMA update. */
    void update(NDManager scope, float learningRate, float weightDecay, float emaDecay) {
      int t = step + 1;
      double averaging = Math.min(emaDecay, (1.0 + t) / (10.0 + t));
      List<Parameter> parameters = parameters(model);
      List<Parameter> averages = parameters(ema);
      for (int i = 0; i < parameters.size(); i++) {
        NDArray weight = parameters.get(i).getArray();
        NDArray average = averages.get(i).getArray();
        NDArray gradient = weight.getGradient();
        scope.tempAttachAll(weight, average);
        gradient.attach(scope);
        AdamW.step(weight, gradient, moments.get(2 * i), moments.get(2 * i + 1), t, learningRate, weightDecay);
        average.muli(averaging).addi(weight.mul(1 - averaging));
      }
    }
  }

  static List<Parameter> parameters(SignToPoseDiffusion block) {
    List<Parameter> list = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      list.add(pair.getValue());
    }
    return list;
  }
}
