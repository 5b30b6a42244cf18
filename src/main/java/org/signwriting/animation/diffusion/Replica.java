package org.signwriting.animation.diffusion;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One copy of the model being trained, on one device: its weights, their exponential moving average and AdamW's
 * two moments. A step is {@link #computeGradients} on a batch, then {@link #update}; between the two, data-parallel
 * workers replace the gradients by their average ({@link #gradientVector}, {@link #setGradientVector}), or every
 * few steps the weights ({@link #weightVector}). Parameters are handled generically, in the order the model lists
 * them by name, whatever blocks the model is made of.
 *
 * <p>The initial weights derive from the seed alone, so replicas in separate JVMs (or in one, initialized one at a
 * time) start equal. Several replicas may train at once in one JVM (several workers of one executor, or of local
 * mode): each records autograd on its own thread (PyTorch's grad mode is per thread; DJL's {@code GradientCollector}
 * allows one at a time per JVM, so this class calls PyTorch's backward itself).
 */
public final class Replica implements AutoCloseable {
  /** The engine's random generator is one per JVM: replicas initialize one at a time. */
  private static final Object INITIALIZATION = new Object();

  private static final NDIndex ALL = new NDIndex("...");

  /** Loss terms of a step, in this order: total, mse, velocity, acceleration, length. */
  public static final int TERMS = 5;

  private final DiffusionConfig config;
  private final NDManager manager;
  private final SignToPoseDiffusion model;
  private final SignToPoseDiffusion ema;
  private final List<Parameter> weights;
  private final List<Parameter> averages;
  private final NDList moments = new NDList();
  private final ParameterStore store;
  private final GaussianDiffusion diffusion;
  private final DiffusionLoss loss;
  private final int size;

  /**
   * A replica initialized from {@code seed} on {@code device} (null: the engine's default device) that trains on
   * data normalized by {@code statistics} (the loss measures errors with them, {@link DiffusionLoss}); null
   * statistics make a replica that holds weights but cannot compute gradients.
   */
  public Replica(DiffusionConfig config, PoseStatistics statistics, Device device, long seed) {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("diffusion config: " + String.join("; ", problems));
    }
    this.config = config;
    manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
    try {
      // PyTorch's grad mode is per thread, on by default in a new one: in-place updates of the weights need it off.
      JniUtils.setGradMode(false);
      synchronized (INITIALIZATION) {
        Engine.getInstance().setRandomSeed(DiffusionTrainer.stepSeed(seed, -1));
        model = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
        model.initialize(manager);
        ema = new SignToPoseDiffusion(config.model(), config.diffusion().steps());
        ema.initialize(manager);
      }
      weights = parameters(model);
      averages = parameters(ema);
      // The first copyTo of the process makes libtorch print a deprecation warning on stderr: not for users.
      NativeStderr.mutedOnce(() -> {
        for (int i = 0; i < weights.size(); i++) {
          NDArray weight = weights.get(i).getArray();
          weight.copyTo(averages.get(i).getArray());
          moments.add(manager.zeros(weight.getShape()));
          moments.add(manager.zeros(weight.getShape()));
        }
      });
      size = Arrays.stream(parameterSizes()).sum();
      requireGradients();
      store = new ParameterStore(manager, false);
      diffusion = new GaussianDiffusion(config.diffusion().steps());
      loss = statistics == null ? null : new DiffusionLoss(config.loss(), statistics);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public DiffusionConfig config() {
    return config;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Numbers in all the model's parameters (the length of every vector below). */
  public int parameterCount() {
    return size;
  }

  /** The number of values of each parameter, in the order of every vector. */
  public int[] parameterSizes() {
    return weights.stream().mapToInt(p -> Math.toIntExact(p.getArray().size())).toArray();
  }

  /** The parameters' names, in the order of every vector. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> pair : model.getParameters()) {
      names.add(pair.getKey());
    }
    return names;
  }

  /**
   * Forward and backward on {@code inputs}: the gradients land on the weights. Returns the loss terms; when the
   * total is not a finite number, nothing is back-propagated (the caller stops).
   *
   * @param dropoutSeed seeds the dropout masks of the pass
   */
  public float[] computeGradients(StepInputs inputs, long dropoutSeed) {
    if (loss == null) {
      throw new IllegalStateException("a replica made without pose statistics cannot compute gradients");
    }
    DiffusionConfig.Model m = config.model();
    Batch batch = inputs.batch();
    int n = batch.size();
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.create(batch.future(), new Shape(n, m.futureFrames(), m.frameSize()));
      NDArray noisy = diffusion.qSample(x0, inputs.timesteps(), scope.create(inputs.noise(), x0.getShape()));
      NDList modelInputs = new NDList(noisy, scope.create(inputs.timesteps()),
          scope.create(batch.past(), new Shape(n, m.pastFrames(), m.frameSize())),
          scope.create(batch.signConditions(), new Shape(n, m.conditionSize())),
          scope.create(inputs.keepSign()), scope.create(inputs.keepPast()));
      // Autograd records on this thread only (PyTorch's grad mode is per thread), not through DJL's
      // GradientCollector: there is one of those per JVM, and a JVM may run several workers at once.
      JniUtils.setGradMode(true);
      try {
        NDList out = model.forward(store, modelInputs, true,
            new PairList<>(List.of(SignToPoseDiffusion.DROPOUT_SEED), List.of(dropoutSeed)));
        DiffusionLoss.Terms terms = loss.compute(out.get(0), x0,
            scope.create(batch.futureMask(), new Shape(n, m.futureFrames(), m.points())), out.get(1),
            scope.create(batch.frameCounts()), scope.create(inputs.hasLength()));
        float[] values = {terms.total().getFloat(), terms.mse().getFloat(), terms.velocity().getFloat(),
            terms.acceleration().getFloat(), terms.length().getFloat()};
        if (Float.isFinite(values[0])) {
          NDArray total = terms.total();
          JniUtils.backward((PtNDArray) total, (PtNDArray) scope.ones(total.getShape()), false, false);
        }
        return values;
      } finally {
        JniUtils.setGradMode(false);
      }
    }
  }

  /** One {@link AdamW} step at step {@code step} (zeroing the gradients), then the EMA update. */
  public void update(int step, float learningRate) {
    JniUtils.setGradMode(false);
    float weightDecay = config.training().weightDecay();
    float emaDecay = config.training().emaDecay();
    int t = step + 1;
    double averaging = Math.min(emaDecay, (1.0 + t) / (10.0 + t));
    try (NDManager scope = manager.newSubManager()) {
      for (int i = 0; i < weights.size(); i++) {
        NDArray weight = weights.get(i).getArray();
        NDArray average = averages.get(i).getArray();
        NDArray gradient = weight.getGradient();
        scope.tempAttachAll(weight, average);
        gradient.attach(scope);
        AdamW.step(weight, gradient, moments.get(2 * i), moments.get(2 * i + 1), t, learningRate, weightDecay);
        average.muli(averaging).addi(weight.mul(1 - averaging));
      }
    }
  }

  /** All gradients, one vector. */
  public float[] gradientVector() {
    float[] vector = new float[size];
    int offset = 0;
    for (Parameter parameter : weights) {
      try (NDArray gradient = parameter.getArray().getGradient()) {
        float[] values = gradient.toFloatArray();
        System.arraycopy(values, 0, vector, offset, values.length);
        offset += values.length;
      }
    }
    return vector;
  }

  /** Replaces all gradients by {@code vector} (e.g. their average over workers). */
  public void setGradientVector(float[] vector) {
    requireSize(vector);
    JniUtils.setGradMode(false);
    int offset = 0;
    for (Parameter parameter : weights) {
      try (NDArray gradient = parameter.getArray().getGradient()) {
        offset = fill(gradient, vector, offset);
      }
    }
  }

  /** All weights, one vector. */
  public float[] weightVector() {
    return vector(weights.stream().map(Parameter::getArray).toList());
  }

  public void setWeightVector(float[] vector) {
    requireSize(vector);
    JniUtils.setGradMode(false);
    int offset = 0;
    for (Parameter parameter : weights) {
      offset = fill(parameter.getArray(), vector, offset);
    }
  }

  /** The EMA weights and both moments, one vector of 3 × {@link #parameterCount()}. */
  public float[] averagesAndMoments() {
    List<NDArray> arrays = new ArrayList<>();
    averages.forEach(p -> arrays.add(p.getArray()));
    arrays.addAll(moments);
    return vector(arrays);
  }

  public void setAveragesAndMoments(float[] vector) {
    if (vector.length != 3 * size) {
      throw new IllegalArgumentException("a vector of " + vector.length + " numbers for 3 × " + size);
    }
    JniUtils.setGradMode(false);
    int offset = 0;
    for (Parameter parameter : averages) {
      offset = fill(parameter.getArray(), vector, offset);
    }
    for (NDArray moment : moments) {
      offset = fill(moment, vector, offset);
    }
  }

  private static float[] vector(List<NDArray> arrays) {
    long total = 0;
    for (NDArray array : arrays) {
      total += array.size();
    }
    float[] vector = new float[Math.toIntExact(total)];
    int offset = 0;
    for (NDArray array : arrays) {
      float[] values = array.toFloatArray();
      System.arraycopy(values, 0, vector, offset, values.length);
      offset += values.length;
    }
    return vector;
  }

  /**
   * Copies the target's share of {@code vector} into it, in place. (Not {@code NDArray.set(Buffer)}: on PyTorch that
   * makes the tensor point into the Java buffer it was given, which a transient handle such as a gradient's lets the
   * garbage collector free under the tensor.)
   */
  private int fill(NDArray target, float[] vector, int offset) {
    int length = Math.toIntExact(target.size());
    try (NDManager scope = manager.newSubManager()) {
      target.set(ALL, scope.create(java.util.Arrays.copyOfRange(vector, offset, offset + length), target.getShape()));
    }
    return offset + length;
  }

  private void requireSize(float[] vector) {
    if (vector.length != size) {
      throw new IllegalArgumentException("a vector of " + vector.length + " numbers for a model of " + size);
    }
  }

  /** The state at {@code step} with {@code metrics}, as bytes. */
  public TrainingState snapshot(int step, List<TrainingMetrics.Row> metrics) {
    try {
      ByteArrayOutputStream weightBytes = new ByteArrayOutputStream();
      model.saveParameters(new DataOutputStream(weightBytes));
      ByteArrayOutputStream emaBytes = new ByteArrayOutputStream();
      ema.saveParameters(new DataOutputStream(emaBytes));
      ByteArrayOutputStream momentBytes = new ByteArrayOutputStream();
      moments.encode(momentBytes);
      return new TrainingState(step, metrics, weightBytes.toByteArray(), emaBytes.toByteArray(),
          momentBytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a state of the same config; {@code source} names where it comes from in errors. */
  public void restore(TrainingState state, Path source) throws IOException {
    JniUtils.setGradMode(false);
    ModelFolder.loadParameters(source, "checkpoint weights", model, manager,
        new DataInputStream(new ByteArrayInputStream(state.weights())));
    ModelFolder.loadParameters(source, "checkpoint EMA weights", ema, manager,
        new DataInputStream(new ByteArrayInputStream(state.ema())));
    try (NDList saved = NDList.decode(manager, state.moments())) {
      if (saved.size() != moments.size()) {
        throw new IllegalArgumentException(source + ": optimizer state does not fit this model");
      }
      for (int i = 0; i < saved.size(); i++) {
        if (!saved.get(i).getShape().equals(moments.get(i).getShape())) {
          throw new IllegalArgumentException(source + ": optimizer state does not fit this model");
        }
        saved.get(i).copyTo(moments.get(i));
      }
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source.toString())) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": damaged checkpoint (optimizer state: " + e.getMessage() + ")",
          e);
    }
    requireGradients();
  }

  /** Starts from another model's weights (both the weights and their average), moments at zero. */
  public void initializeFrom(byte[] weightBytes, Path source) throws IOException {
    JniUtils.setGradMode(false);
    ModelFolder.loadParameters(source, "weights", model, manager,
        new DataInputStream(new ByteArrayInputStream(weightBytes)));
    ModelFolder.loadParameters(source, "weights", ema, manager,
        new DataInputStream(new ByteArrayInputStream(weightBytes)));
    requireGradients();
  }

  /** Loaded parameters arrive without gradients; training needs them on the weights. */
  private void requireGradients() {
    for (Parameter parameter : weights) {
      parameter.getArray().setRequiresGradient(true);
    }
  }

  /**
   * Validation of the EMA weights on one window of each of {@code dev}: x0 error, then sampled motion against the
   * real, in pose units.
   */
  public TrainingMetrics.Validation validate(List<Sequence> dev, PoseStatistics statistics, long seed,
      boolean unconditional) {
    JniUtils.setGradMode(false);
    DiffusionConfig.Model m = config.model();
    TrainingWindows windows = new TrainingWindows(dev, statistics, m.pastFrames(), m.futureFrames(),
        m.signEmbeddingSize(), m.symbolSlots());
    int n = dev.size();
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    Batch batch = windows.batch(indices, random);
    float[] hasSign = unconditional ? new float[n] : batch.hasSign();
    float[] keepAll = new float[n];
    Arrays.fill(keepAll, 1);
    int[] timesteps = new int[n];
    for (int i = 0; i < n; i++) {
      timesteps[i] = random.nextInt(diffusion.steps());
    }
    double mse;
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.create(batch.future(), new Shape(n, m.futureFrames(), m.frameSize()));
      NDArray noisy = diffusion.qSample(x0, timesteps, GaussianDiffusion.gaussian(scope, x0.getShape(), random));
      NDArray predicted = ema.forward(new ParameterStore(scope, false), new NDList(noisy,
          scope.create(timesteps), scope.create(batch.past(), new Shape(n, m.pastFrames(), m.frameSize())),
          scope.create(batch.signConditions(), new Shape(n, m.conditionSize())), scope.create(hasSign),
          scope.create(keepAll)), false).get(0);
      mse = MotionMetrics.maskedMse(predicted.toFloatArray(), batch.future(), batch.futureMask(), m.points(),
          m.dims());
    }
    try (DiffusionSampler sampler = new DiffusionSampler(ema, config, statistics, manager)) {
      float[] sampled = sampler.sampleFutures(n, batch.past(), batch.signConditions(), hasSign,
          config.diffusion().guidanceScale(), seed);
      return TrainingMetrics.Validation.of(mse, sampled, batch, statistics, m);
    }
  }

  static List<Parameter> parameters(SignToPoseDiffusion block) {
    List<Parameter> list = new ArrayList<>();
    for (Pair<String, Parameter> pair : block.getParameters()) {
      list.add(pair.getValue());
    }
    return list;
  }

  @Override
  public void close() {
    manager.close();
  }
}
