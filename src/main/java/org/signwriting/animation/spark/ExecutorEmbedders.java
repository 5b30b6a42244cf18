package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.io.Inputs;

/**
 * One embedding model per executor JVM: the first task that needs a model loads it, every later task of the
 * JVM (concurrent ones included) reuses it. Loading a model costs far more than embedding a partition, and
 * each copy holds its weights in native memory, so a model per task would cost both time and memory.
 * (DJL's Spark extension does this for Spark 3 / Scala 2.12 only.)
 */
final class ExecutorEmbedders {
  private static final Map<String, SignEmbedder> LOADED = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorEmbedders() {}

  /** The JVM's model for a path, loaded on first use (other tasks asking meanwhile wait for it). */
  static SignEmbedder get(String modelPath) {
    return LOADED.computeIfAbsent(modelPath, path -> {
      LOADS.incrementAndGet();
      ExecutorTorch.useTaskCores();
      try {
        return SignEmbedders.open(locate(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** How many models this JVM has loaded so far. */
  static int loads() {
    return LOADS.get();
  }

  /**
   * The model on this machine: a URI ({@code hdfs://}, {@code s3a://}, ...) copied here once, else the path as
   * given (a file system every executor sees), else a file of that name shipped with {@code spark-submit --files}.
   */
  static Path locate(String modelPath) throws IOException {
    if (Inputs.isUri(modelPath)) {
      return ExecutorInputs.get().local(modelPath);
    }
    Path path = Path.of(modelPath);
    if (Files.exists(path)) {
      return path;
    }
    try {
      Path shipped = Path.of(SparkFiles.get(path.getFileName().toString()));
      if (Files.exists(shipped)) {
        return shipped;
      }
    } catch (RuntimeException noSparkContext) {
      // Not inside a Spark application: only the path itself can be meant.
    }
    throw new NoSuchFileException(modelPath, null,
        "embedding model not found on this executor (give a path every executor can read, or ship a "
            + "TorchScript file with spark-submit --files)");
  }
}
