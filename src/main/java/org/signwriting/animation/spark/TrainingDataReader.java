package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.PointStatistics;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.data.TrainingWindows.Statistics;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Collects the (small) prepared training data to the driver: the prepare-poses rows of the train and dev splits
 * (and the untranscribed poses), each with its sign's embedding from the prepare-embeddings table (joined on
 * {@code sign_id}). Spark reads and joins the Parquet; training itself then runs in the driver JVM.
 */
public final class TrainingDataReader {
  static final String TRAIN_SPLIT = "train";
  static final String DEV_SPLIT = "dev";

  /**
   * The sequences by split; sequences of {@code untranscribed} have no sign. {@code fps} is the train split's
   * most common frame rate; {@code skipped} says what was left out and why; {@code signSample} is one row of
   * the embeddings table (null without one).
   */
  public record TrainingData(List<Sequence> train, List<Sequence> dev, List<Sequence> untranscribed, float fps,
      List<String> skipped, SignSample signSample) {}

  /**
   * Mean and std per point and dimension over {@code sequences} (those trained on), ignoring masked points,
   * computed as the pose-stats job computes them; a point never seen gets mean 0 and std 1.
   */
  public static Statistics statistics(List<Sequence> sequences) {
    Sequence first = sequences.get(0);
    PointStatistics stats = new PointStatistics(first.points(), first.dims());
    for (Sequence s : sequences) {
      stats.add(s.data(), s.confidence(), s.frames(), 1);
    }
    float[] mean = new float[first.points() * first.dims()];
    float[] std = new float[mean.length];
    for (int p = 0; p < first.points(); p++) {
      for (int d = 0; d < first.dims(); d++) {
        boolean seen = stats.count(p) > 0;
        mean[p * first.dims() + d] = seen ? (float) stats.mean(p, d) : 0;
        std[p * first.dims() + d] = seen ? (float) stats.std(p, d) : 1;
      }
    }
    return new Statistics(first.points(), first.dims(), mean, std);
  }

  /** One sign of the embeddings table, to check that an encoder reproduces it. */
  public record SignSample(String fsw, float[] embedding) {}

  private TrainingDataReader() {}

  /**
   * Reads the prepared poses under {@code poses} whose layout is {@code header}'s, with the embeddings under
   * {@code embeddings} (null: no signs, for unconditional training). A transcribed train or dev row whose sign
   * has no embedding is an error: the two tables must come from the same transcriptions.
   */
  public static TrainingData read(SparkSession spark, Path poses, Path embeddings, PoseHeader header)
      throws IOException {
    requireTable(poses, "prepare-poses");
    Dataset<Row> rows = spark.read().schema(PreparedPoses.SCHEMA).parquet(poses.toString())
        .select(col(PreparedPoses.ID), col(PreparedPoses.SPLIT), col(PreparedPoses.FPS), col(PreparedPoses.FRAMES),
            col(PreparedPoses.PEOPLE), col(PreparedPoses.POINT_NAMES), col(PreparedPoses.DATA),
            col(PreparedPoses.CONFIDENCE), col(PreparedPoses.SIGN_ID));
    Map<String, float[]> signs = new HashMap<>();
    SignSample sample = embeddings == null ? null : embeddings(spark, embeddings, signs);
    List<String> names = new ArrayList<>();
    header.components().forEach(c -> names.addAll(c.points()));
    List<Sequence> train = new ArrayList<>();
    List<Sequence> dev = new ArrayList<>();
    List<Sequence> untranscribed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<Float, Integer> trainFps = new HashMap<>();
    List<Row> collected = new ArrayList<>(rows.collectAsList());
    collected.sort((a, b) -> a.getString(0).compareTo(b.getString(0))); // a stable order: same seed, same model
    for (Row row : collected) {
      String id = row.getString(0);
      String split = row.getString(1);
      List<Sequence> target = switch (split) {
        case TRAIN_SPLIT -> train;
        case DEV_SPLIT -> dev;
        case PreparedPoses.UNTRANSCRIBED_SPLIT -> untranscribed;
        default -> null;
      };
      if (target == null) {
        skipped.add(id + ": split '" + split + "' is neither train, dev nor untranscribed");
        continue;
      }
      if (!CollectionConverters.asJava(row.<String>getSeq(5)).equals(names)) {
        skipped.add(id + ": its points are not those of the pose header");
        continue;
      }
      String signId = row.isNullAt(8) ? null : row.getString(8);
      float[] embedding = null;
      if (embeddings != null && signId != null) {
        embedding = signs.get(signId);
        if (embedding == null) {
          throw new IllegalArgumentException(embeddings + ": no embedding for the sign of " + id + " (sign_id "
              + signId + "); run prepare-embeddings on the same transcription CSV as prepare-poses");
        }
      }
      float fps = row.getFloat(2);
      int frames = row.getInt(3);
      int people = row.getInt(4);
      PoseBody body = new PoseBody(fps, frames, people, names.size(), header.dims(),
          PreparedPoses.floats(row.getAs(6)), PreparedPoses.floats(row.getAs(7)));
      target.add(Sequence.firstPerson(id, body, embedding));
      if (target == train) {
        trainFps.merge(fps, 1, Integer::sum);
      }
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException(poses + ": no usable rows in the train split" + (skipped.isEmpty() ? ""
          : " (" + skipped.size() + " skipped, e.g. " + skipped.get(0) + ")"));
    }
    float fps = Collections.max(trainFps.entrySet(), Map.Entry.comparingByValue()).getKey();
    return new TrainingData(train, dev, untranscribed, fps, skipped, sample);
  }

  /** Puts the embedding of every sign id of the prepare-embeddings table into {@code byId}; returns one. */
  private static SignSample embeddings(SparkSession spark, Path embeddings, Map<String, float[]> byId)
      throws IOException {
    requireTable(embeddings, "prepare-embeddings");
    SignSample sample = null;
    for (Row row : spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings.toString())
        .select(PrepareEmbeddingsJob.SIGN_ID, PrepareEmbeddingsJob.EMBEDDING, PrepareEmbeddingsJob.FSW)
        .orderBy(PrepareEmbeddingsJob.SIGN_ID).collectAsList()) {
      List<Float> values = CollectionConverters.asJava(row.<Float>getSeq(1));
      float[] embedding = new float[values.size()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = values.get(i);
      }
      byId.put(row.getString(0), embedding);
      if (sample == null) {
        sample = new SignSample(row.getString(2), embedding);
      }
    }
    if (sample == null) {
      throw new IllegalArgumentException(embeddings + ": the prepare-embeddings table has no rows");
    }
    return sample;
  }

  private static void requireTable(Path folder, String job) {
    if (!Files.isRegularFile(folder.resolve(AtomicOutput.MARKER))) {
      throw new IllegalArgumentException(folder + ": not a finished " + job + " output (no "
          + AtomicOutput.MARKER + " in it)");
    }
  }
}
