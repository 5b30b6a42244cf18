package org.signwriting.animation.diffusion;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.signwriting.animation.signwriting.SymbolTokens;

/**
 * Every size and weight of the diffusion model, its noise schedule, its loss and its training, as kept in
 * {@code conf/diffusion.json} (CAMDM keeps the same kind of defaults in its {@code default.json}).
 */
public record DiffusionConfig(Model model, Diffusion diffusion, Loss loss, Training training) {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /**
   * The denoiser: a token sequence of [timestep, sign, symbols, past frames, noisy future frames] through a
   * Transformer encoder. The sign's condition is the encoder's embedding ({@code signEmbeddingSize} numbers)
   * followed by {@code symbolSlots} rows of its symbols ({@link SymbolTokens}; 0: the embedding alone, as models
   * written before the symbol rows were).
   *
   * <p>How a model with symbol rows reads them: with {@code symbolNames} a symbol's base is the words of its Unicode
   * name ({@link SymbolTokens#baseWords}), otherwise one id among 652; with {@code symbolsOnly} the sign is read
   * through its symbol rows alone and the embedding, still part of the condition, is not read. Configs written
   * before these two read as false: the base as an id, the embedding read.
   */
  public record Model(int points, int dims, int signEmbeddingSize, int latentSize, int feedForwardSize,
      int layers, int heads, float dropout, int pastFrames, int futureFrames, int symbolSlots,
      boolean symbolNames, boolean symbolsOnly) {

    /** A model that reads the embedding and, with symbol slots, each symbol's base as an id. */
    public Model(int points, int dims, int signEmbeddingSize, int latentSize, int feedForwardSize, int layers,
        int heads, float dropout, int pastFrames, int futureFrames, int symbolSlots) {
      this(points, dims, signEmbeddingSize, latentSize, feedForwardSize, layers, heads, dropout, pastFrames,
          futureFrames, symbolSlots, false, false);
    }

    /** Numbers per frame: points × dims. */
    public int frameSize() {
      return points * dims;
    }

    /** Length of the encoder's token sequence. */
    public int tokens() {
      return 2 + symbolSlots + pastFrames + futureFrames;
    }

    /** Numbers of a sign's condition: the embedding, then the symbol rows. */
    public int conditionSize() {
      return SymbolTokens.conditionSize(signEmbeddingSize, symbolSlots);
    }

    /** This model for data of another shape: its points, dimensions and sign embedding size. */
    public Model withShape(int newPoints, int newDims, int newSignEmbeddingSize) {
      return new Model(newPoints, newDims, newSignEmbeddingSize, latentSize, feedForwardSize, layers, heads, dropout,
          pastFrames, futureFrames, symbolSlots, symbolNames, symbolsOnly);
    }

    /** This model with another dropout probability (the same weights' shapes). */
    public Model withDropout(float newDropout) {
      return new Model(points, dims, signEmbeddingSize, latentSize, feedForwardSize, layers, heads, newDropout,
          pastFrames, futureFrames, symbolSlots, symbolNames, symbolsOnly);
    }

    /** This model reading {@code slots} symbol rows, bases by their names or not, the embedding or not. */
    public Model withSymbols(int slots, boolean names, boolean only) {
      return new Model(points, dims, signEmbeddingSize, latentSize, feedForwardSize, layers, heads, dropout,
          pastFrames, futureFrames, slots, names, only);
    }
  }

  /**
   * Gaussian diffusion: T steps of a cosine schedule; classifier-free guidance. {@code pastNoise} perturbs the
   * past-motion condition in training (0: never; see {@link StepInputs#perturbPast}): half the windows get one offset
   * per coordinate over all their past frames, drawn with a standard deviation uniform in {@code 0 .. pastNoise}
   * (normalized units: each coordinate's std), while the future to predict stays the true one.
   */
  public record Diffusion(int steps, String noiseSchedule, float conditionDropProbability,
      float guidanceScale, float pastNoise) {

    /** The schedule and guidance without past noise (configs written before it read as this). */
    public Diffusion(int steps, String noiseSchedule, float conditionDropProbability, float guidanceScale) {
      this(steps, noiseSchedule, conditionDropProbability, guidanceScale, 0f);
    }
  }

  /**
   * Weights of the loss terms beside the masked MSE on x0, and the units its errors are measured in: with
   * {@code poseUnits} in pose units with each hand carried by its wrist, as DTW-MJE and the viewers see them (see
   * {@link DiffusionLoss}); without it in the normalized units the model computes in, every coordinate alike.
   */
  public record Loss(float velocityWeight, float accelerationWeight, float lengthWeight, boolean poseUnits) {

    /** The same weights, errors measured in pose units or not. */
    public Loss withPoseUnits(boolean units) {
      return new Loss(velocityWeight, accelerationWeight, lengthWeight, units);
    }
  }

  /**
   * AdamW, cosine learning-rate annealing over {@code epochs} down to {@code minLearningRateFactor ×
   * learningRate}, EMA of the weights; a checkpoint (and validation) every {@code checkpointEvery} steps.
   */
  public record Training(int batchSize, int epochs, float learningRate, float minLearningRateFactor, float weightDecay,
      float emaDecay, int checkpointEvery) {}

  /** Reads and checks a config file; a missing or wrong value is an error naming the file and the field. */
  public static DiffusionConfig read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses and checks a config ({@link #toJson()}'s form); errors name {@code source}. */
  public static DiffusionConfig fromJson(String json, String source) {
    DiffusionConfig config;
    try {
      config = GSON.fromJson(json, DiffusionConfig.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(source + ": not a diffusion config: " + e.getMessage(), e);
    }
    if (config == null) {
      throw new IllegalArgumentException(source + ": empty diffusion config");
    }
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
    }
    return config;
  }

  /** The project's default config, {@code conf/diffusion.json} under the installation folder. */
  public static DiffusionConfig readDefault() throws IOException {
    String home = System.getProperty("swa.home", System.getProperty("swa.project.dir", "."));
    return read(Path.of(home, "conf", "diffusion.json"));
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  public DiffusionConfig withModel(Model newModel) {
    return new DiffusionConfig(newModel, diffusion, loss, training);
  }

  public DiffusionConfig withDiffusion(Diffusion newDiffusion) {
    return new DiffusionConfig(model, newDiffusion, loss, training);
  }

  public DiffusionConfig withLoss(Loss newLoss) {
    return new DiffusionConfig(model, diffusion, newLoss, training);
  }

  /** The same config with checkpoints (and validations) every {@code steps} steps. */
  public DiffusionConfig withCheckpointEvery(int steps) {
    Training t = training;
    return withTraining(new Training(t.batchSize, t.epochs, t.learningRate, t.minLearningRateFactor, t.weightDecay,
        t.emaDecay, steps));
  }

  public DiffusionConfig withTraining(Training newTraining) {
    return new DiffusionConfig(model, diffusion, loss, newTraining);
  }

  /** What is wrong with this config, in words; empty when it is usable. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (model == null || diffusion == null || loss == null || training == null) {
      problems.add("needs the sections model, diffusion, loss and training");
      return problems;
    }
    positive(problems, "model.points", model.points);
    positive(problems, "model.dims", model.dims);
    positive(problems, "model.signEmbeddingSize", model.signEmbeddingSize);
    positive(problems, "model.latentSize", model.latentSize);
    positive(problems, "model.feedForwardSize", model.feedForwardSize);
    positive(problems, "model.layers", model.layers);
    positive(problems, "model.heads", model.heads);
    positive(problems, "model.pastFrames", model.pastFrames);
    positive(problems, "model.futureFrames", model.futureFrames);
    if (model.symbolSlots < 0) {
      problems.add("model.symbolSlots must be a whole number ≥ 0, not " + model.symbolSlots);
    }
    if (model.symbolSlots == 0 && (model.symbolNames || model.symbolsOnly)) {
      problems.add("model.symbolNames and model.symbolsOnly need model.symbolSlots > 0 (symbol rows to read)");
    }
    if (model.heads > 0 && model.latentSize % model.heads != 0) {
      problems.add("model.latentSize " + model.latentSize + " is not a multiple of model.heads " + model.heads);
    }
    if (model.futureFrames < 3) {
      problems.add("model.futureFrames must be at least 3 (the acceleration term needs three frames)");
    }
    probability(problems, "model.dropout", model.dropout);
    positive(problems, "diffusion.steps", diffusion.steps);
    if (!"cosine".equals(diffusion.noiseSchedule)) {
      problems.add("diffusion.noiseSchedule must be \"cosine\", not " + diffusion.noiseSchedule);
    }
    probability(problems, "diffusion.conditionDropProbability", diffusion.conditionDropProbability);
    nonNegative(problems, "diffusion.pastNoise", diffusion.pastNoise);
    nonNegative(problems, "loss.velocityWeight", loss.velocityWeight);
    nonNegative(problems, "loss.accelerationWeight", loss.accelerationWeight);
    nonNegative(problems, "loss.lengthWeight", loss.lengthWeight);
    positive(problems, "training.batchSize", training.batchSize);
    positive(problems, "training.epochs", training.epochs);
    if (!(training.learningRate > 0)) {
      problems.add("training.learningRate must be positive");
    }
    probability(problems, "training.minLearningRateFactor", training.minLearningRateFactor);
    nonNegative(problems, "training.weightDecay", training.weightDecay);
    probability(problems, "training.emaDecay", training.emaDecay);
    positive(problems, "training.checkpointEvery", training.checkpointEvery);
    return problems;
  }

  private static void positive(List<String> problems, String field, int value) {
    if (value <= 0) {
      problems.add(field + " must be a positive whole number (missing or " + value + ")");
    }
  }

  private static void nonNegative(List<String> problems, String field, float value) {
    if (!(value >= 0) || Float.isInfinite(value)) {
      problems.add(field + " must be a finite number ≥ 0, not " + value);
    }
  }

  private static void probability(List<String> problems, String field, float value) {
    if (!(value >= 0 && value <= 1)) {
      problems.add(field + " must be between 0 and 1, not " + value);
    }
  }
}
