package org.signwriting.animation.embedding;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Architecture, objective and training settings of the SignWriting image encoder, read from a JSON file
 * ({@code conf/embedding.json}) and saved beside the trained weights so a model folder is self-describing.
 */
public final class EmbeddingConfig {

  /** Side of the square the encoder sees, in pixels; the 224×224 model-input image is cropped to it. */
  public int inputSize = 64;
  /** Smallest crop side, in 224-image pixels: small signs are not blown up beyond 224 / this. */
  public int minCropSize = 96;
  /** Margin around the ink, as a fraction of the larger ink side, kept when cropping. */
  public double cropMargin = 0.1;
  /** Output channels of each stage; every stage halves the resolution. */
  public List<Integer> stageChannels = new ArrayList<>(List.of(32, 64, 128, 256));
  /** Length of the embedding. */
  public int embeddingSize = 512;

  public Objective objective = new Objective();
  public Jitter jitter = new Jitter();
  public Training training = new Training();

  /** Weights and temperature of the two terms of the training objective. */
  public static final class Objective {
    /** Weight of the multi-label prediction of symbol groups, fills, rotations and layout. */
    public double symbolWeight = 1.0;
    /** Weight of the contrastive term between two jittered renders of the same sign. */
    public double contrastiveWeight = 1.0;
    /** Temperature of the contrastive softmax over cosine similarities. */
    public double temperature = 0.1;
  }

  /** Harmless rendering changes the embedding must ignore. */
  public static final class Jitter {
    /** Largest shift of the sign, as a fraction of the crop side. */
    public double maxShift = 0.08;
    /** Largest relative change of scale (0.1 means between 0.9× and 1.1×). */
    public double maxScaleChange = 0.12;
    /** Probability of drawing the lines one pixel thicker (at 224×224). */
    public double thickerLineProbability = 0.3;
    /** Probability of drawing the lines one pixel thinner (at 224×224). */
    public double thinnerLineProbability = 0.2;
  }

  /** Defaults of a training run; the command line may override the bounds. */
  public static final class Training {
    public int batchSize = 64;
    public double learningRate = 0.002;
    public double weightDecay = 1e-4;
    public int epochs = 30;
    public int maxSteps = 1500;
  }

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /**
   * {@code conf/embedding.json} of the installation ({@code swa.home}, set by bin/swa), else of the working
   * directory.
   */
  public static Path defaultFile() {
    return Path.of(System.getProperty("swa.home", "."), "conf", "embedding.json");
  }

  /** Reads a config file; a missing key keeps its default, a bad value names the file and the key. */
  public static EmbeddingConfig load(Path file) throws IOException {
    EmbeddingConfig config;
    try {
      config = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), EmbeddingConfig.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + ": not a valid embedding config: " + e.getMessage(), e);
    }
    if (config == null) {
      throw new IllegalArgumentException(file + ": empty embedding config");
    }
    config.validate(file.toString());
    return config;
  }

  public static EmbeddingConfig fromJson(String json, String source) {
    EmbeddingConfig config = GSON.fromJson(json, EmbeddingConfig.class);
    config.validate(source);
    return config;
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /** Side of the feature map after the last stage. */
  public int finalFeatureSize() {
    int size = inputSize;
    for (int i = 0; i < stageChannels.size(); i++) {
      size = (size + 1) / 2;
    }
    return size;
  }

  void validate(String source) {
    require(inputSize >= 8 && inputSize <= 224, source, "inputSize must be between 8 and 224");
    require(minCropSize >= 8 && minCropSize <= 224, source, "minCropSize must be between 8 and 224");
    require(cropMargin >= 0 && cropMargin < 1, source, "cropMargin must be in [0, 1)");
    require(stageChannels != null && !stageChannels.isEmpty(), source, "stageChannels must not be empty");
    require(stageChannels.stream().allMatch(c -> c != null && c > 0), source,
        "stageChannels must be positive");
    require(embeddingSize > 0, source, "embeddingSize must be positive");
    require(objective != null && jitter != null && training != null, source,
        "objective, jitter and training must be objects");
    require(objective.temperature > 0, source, "objective.temperature must be positive");
    require(objective.symbolWeight >= 0 && objective.contrastiveWeight >= 0, source,
        "objective weights must not be negative");
    require(jitter.maxShift >= 0 && jitter.maxShift < 0.5, source, "jitter.maxShift must be in [0, 0.5)");
    require(jitter.maxScaleChange >= 0 && jitter.maxScaleChange < 0.5, source,
        "jitter.maxScaleChange must be in [0, 0.5)");
    require(jitter.thickerLineProbability + jitter.thinnerLineProbability <= 1
            && jitter.thickerLineProbability >= 0 && jitter.thinnerLineProbability >= 0, source,
        "jitter line probabilities must be in [0, 1] and sum to at most 1");
    require(training.batchSize >= 2, source, "training.batchSize must be at least 2 (contrastive pairs)");
    require(training.learningRate > 0, source, "training.learningRate must be positive");
    require(training.epochs > 0 && training.maxSteps > 0, source,
        "training.epochs and training.maxSteps must be positive");
  }

  private static void require(boolean condition, String source, String reason) {
    if (!condition) {
      throw new IllegalArgumentException(source + ": " + reason);
    }
  }
}
