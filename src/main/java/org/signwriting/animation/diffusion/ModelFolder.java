package org.signwriting.animation.diffusion;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.signwriting.animation.data.TrainingWindows.Statistics;

/**
 * A trained model's folder, self-contained for sampling: {@code diffusion-config.json}, {@code pose-stats.json}
 * (mean and std per point and dimension), {@code weights.params} and {@code ema-weights.params} (DJL parameter
 * files), {@code pose-header.pose} (the layout and fps of generated poses: a v0.2 file without frames),
 * {@code training-motion.json}, {@code embedding_model/} or {@code embedding_model.pt} (a copy of the sign encoder that made the training
 * embeddings), and while training {@code checkpoint.bin}, {@code metrics.csv} and {@code metrics.png}. Every file is
 * written to a temporary name and moved into place, so a crash never leaves a half-written file.
 */
public final class ModelFolder {

  private static final Gson GSON = new Gson();

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

  public Statistics readStatistics() throws IOException {
    requireFile(statistics());
    try {
      Statistics stats = GSON.fromJson(Files.readString(statistics()), Statistics.class);
      if (stats == null || stats.mean() == null || stats.std() == null) {
        throw new IllegalArgumentException(statistics() + ": needs points, dims, mean and std");
      }
      return new Statistics(stats.points(), stats.dims(), stats.mean(), stats.std());
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(statistics() + ": not pose statistics: " + e.getMessage(), e);
    }
  }

  public void writeStatistics(Statistics statistics) throws IOException {
    writeAtomically(statistics(), out -> out.write(GSON.toJson(statistics).getBytes(StandardCharsets.UTF_8)));
  }

  public void writeWeights(Path file, SignToPoseDiffusion model) throws IOException {
    writeAtomically(file, out -> model.saveParameters(new DataOutputStream(out)));
  }

  /** Loads DJL parameters into an initialized model of the same config. */
  public static void readWeights(Path file, SignToPoseDiffusion model, NDManager manager) throws IOException {
    requireFile(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      model.loadParameters(manager, in);
    } catch (MalformedModelException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": weights do not fit this model's config: " + e.getMessage(), e);
    }
  }

  /** Something that writes a file's content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code file} under a temporary name beside it, then moves it into place atomically. */
  public static void writeAtomically(Path file, Writer writer) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        writer.write(out);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static void requireFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
  }
}
