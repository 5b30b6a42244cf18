package org.signwriting.animation.diffusion;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.util.AtomicFiles;

/**
 * A trained model's folder, self-contained for sampling: {@code diffusion-config.json}, {@code pose-stats.json}
 * (mean and std per point and dimension, in the layout of pose-stats' {@code pose_stats.json}), {@code weights.params} and {@code ema-weights.params} (DJL parameter
 * files), {@code pose-header.pose} (the layout and fps of generated poses: a v0.2 file without frames),
 * {@code training-motion.json}, {@code embedding_model/} or {@code embedding_model.pt} (a copy of the sign encoder that made the training
 * embeddings), and while training {@code checkpoint.bin}, {@code metrics.csv} and {@code metrics.png}. Every file is
 * written to a temporary name and moved into place, so a crash never leaves a half-written file.
 */
public final class ModelFolder {

  private final Path dir;

  public ModelFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path config() {
    return dir.resolve("diffusion-config.json");
  }

  public Path statistics() {
    return dir.resolve("pose-stats.json");
  }

  public Path weights() {
    return dir.resolve("weights.params");
  }

  public Path emaWeights() {
    return dir.resolve("ema-weights.params");
  }

  public Path poseHeader() {
    return dir.resolve("pose-header.pose");
  }

  /** The training poses' mean movement per frame, which animations' displacement ratio is measured against. */
  public Path trainingMotion() {
    return dir.resolve("training-motion.json");
  }

  /** The copy of a train-embedding-model encoder (a folder); see {@link #embeddingTorchScript()}. */
  public Path embeddingModel() {
    return dir.resolve("embedding_model");
  }

  /** The copy of a TorchScript sign encoder, when training used one instead of a trained encoder. */
  public Path embeddingTorchScript() {
    return dir.resolve("embedding_model.pt");
  }

  public Path checkpoint() {
    return dir.resolve("checkpoint.bin");
  }

  public Path metricsCsv() {
    return dir.resolve("metrics.csv");
  }

  public Path metricsPlot() {
    return dir.resolve("metrics.png");
  }

  public DiffusionConfig readConfig() throws IOException {
    requireFile(config());
    return DiffusionConfig.read(config());
  }

  public void writeConfig(DiffusionConfig config) throws IOException {
    writeAtomically(config(), out -> out.write(config.toJson().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The pose statistics the model was trained with ({@link PoseStatistics}' JSON layout); a file that is not
   * such statistics is one line naming it.
   */
  public PoseStatistics readStatistics() throws IOException {
    requireFile(statistics());
    try {
      return PoseStatistics.read(statistics());
    } catch (PoseStatistics.FormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public void writeStatistics(PoseStatistics statistics) throws IOException {
    writeAtomically(statistics(), out -> out.write(statistics.toJson().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Writes a checkpoint and what goes with it, each file atomically: the config and the statistics first, so a
   * checkpoint never exists without them (they always describe it: a run that diverges before its first checkpoint
   * leaves the previous one's), then {@code checkpoint.bin}, the metrics, and the weights, so the folder animates
   * from every checkpoint on. Needs no model: a cluster's driver writes what its workers sent.
   */
  public void writeCheckpoint(DiffusionConfig config, PoseStatistics statistics, TrainingState state)
      throws IOException {
    writeConfig(config);
    writeStatistics(statistics);
    TrainingCheckpoint.write(checkpoint(), state);
    TrainingMetrics.write(state.metrics(), metricsCsv(), metricsPlot());
    writeAtomically(weights(), out -> out.write(state.weights()));
    writeAtomically(emaWeights(), out -> out.write(state.ema()));
  }

  /** The folder's checkpoint, as bytes (no model needed); a damaged one is one line naming it. */
  public TrainingState readCheckpoint() throws IOException {
    requireFile(checkpoint());
    return TrainingCheckpoint.read(checkpoint());
  }

  public void writeWeights(Path file, SignToPoseDiffusion model) throws IOException {
    writeAtomically(file, out -> model.saveParameters(new DataOutputStream(out)));
  }

  /** Loads DJL parameters into an initialized model of the same config. */
  public static void readWeights(Path file, SignToPoseDiffusion model, NDManager manager) throws IOException {
    requireFile(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      loadParameters(file, "weights", model, manager, in);
    }
  }

  /**
   * Loads parameters from {@code in} into an initialized model, checking each one's shape against the model's (DJL
   * takes any shape, and a wrong one only fails later, deep in a matrix product). A file that ends early or is not
   * DJL parameters is an {@link IllegalArgumentException} naming {@code file}.
   */
  static void loadParameters(Path file, String what, SignToPoseDiffusion model, NDManager manager,
      DataInputStream in) throws IOException {
    Map<String, Shape> expected = new LinkedHashMap<>();
    for (Pair<String, Parameter> parameter : model.getParameters()) {
      expected.put(parameter.getKey(), parameter.getValue().getArray().getShape());
    }
    try {
      model.loadParameters(manager, in);
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + ": truncated " + what + " (the file ends early)", e);
    } catch (MalformedModelException | IllegalArgumentException | IllegalStateException
        | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new IllegalArgumentException(file + ": " + what + " do not fit this model's config ("
          + (e.getMessage() == null ? "unreadable" : e.getMessage()) + ")", e);
    }
    for (Pair<String, Parameter> parameter : model.getParameters()) {
      Shape loaded = parameter.getValue().getArray().getShape();
      Shape wanted = expected.get(parameter.getKey());
      if (!loaded.equals(wanted)) {
        throw new IllegalArgumentException(file + ": " + what + " do not fit this model's config: "
            + parameter.getKey() + " is " + loaded + " in the file, " + wanted + " in the model");
      }
    }
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  public interface Writer extends AtomicFiles.StreamWriter {}

  /**
   * Writes {@code file} under a temporary name beside it, then moves it into place atomically ({@link AtomicFiles}:
   * with the permissions of the user's umask); creates its folder if needed.
   */
  public static void writeAtomically(Path file, Writer writer) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, writer);
  }

  static void requireFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
  }
}
