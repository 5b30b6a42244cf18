package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.LocalTrainingData;
import org.signwriting.animation.diffusion.TrainingData;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The local reader of {@code swa train}: collects the (small) prepared training data to this JVM, where
 * {@link LocalTrainingData} trains on it. Spark reads the prepare-poses rows of the train and dev splits (and the
 * untranscribed poses), each with its sign's embedding from the prepare-embeddings table (joined on
 * {@code sign_id}); columns are read by name.
 */
public final class TrainingDataReader {

  private TrainingDataReader() {}

  /**
   * Reads the prepared poses under {@code poses} whose layout is {@code header}'s, with the embeddings under
   * {@code embeddings} (null: no signs, for unconditional training); both paths or URIs. A transcribed train or dev row whose sign
   * has no embedding is an error: the two tables must come from the same transcriptions.
   */
  public static LocalTrainingData read(SparkSession spark, String poses, String embeddings, PoseHeader header)
      throws IOException {
    Inputs inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    requireTable(inputs, poses, "prepare-poses");
    Dataset<Row> rows = spark.read().schema(PreparePosesJob.SCHEMA).parquet(poses)
        .select(col(PreparedPoses.ID), col(PreparedPoses.SPLIT), col(PreparedPoses.FPS), col(PreparedPoses.FRAMES),
            col(PreparedPoses.PEOPLE), col(PreparedPoses.POINT_NAMES), col(PreparedPoses.DATA),
            col(PreparedPoses.CONFIDENCE), col(PreparedPoses.SIGN_ID));
    Map<String, TrainingData.SignSample> signs = new HashMap<>();
    TrainingData.SignSample sample = embeddings == null ? null : embeddings(spark, inputs, embeddings, signs);
    List<String> names = PoseStatistics.layout(header).get(1);
    List<Sequence> train = new ArrayList<>();
    List<Sequence> dev = new ArrayList<>();
    List<Sequence> untranscribed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<Float, Integer> trainFps = new HashMap<>();
    List<Row> collected = new ArrayList<>(rows.collectAsList());
    // A stable order: same seed, same model.
    collected.sort((a, b) -> a.<String>getAs(PreparedPoses.ID).compareTo(b.getAs(PreparedPoses.ID)));
    for (Row row : collected) {
      String id = row.getAs(PreparedPoses.ID);
      String split = row.getAs(PreparedPoses.SPLIT);
      List<Sequence> target = switch (split) {
        case TrainingRun.TRAIN -> train;
        case TrainingRun.DEV -> dev;
        case PreparedPoses.UNTRANSCRIBED_SPLIT -> untranscribed;
        default -> null;
      };
      if (target == null) {
        skipped.add(id + ": split '" + split + "' is neither train, dev nor untranscribed");
        continue;
      }
      if (!CollectionConverters.asJava(row.<scala.collection.Seq<String>>getAs(PreparedPoses.POINT_NAMES))
          .equals(names)) {
        skipped.add(id + ": its points are not those of the pose header");
        continue;
      }
      String signId = row.getAs(PreparedPoses.SIGN_ID);
      TrainingData.SignSample sign = null;
      if (embeddings != null && signId != null) {
        sign = signs.get(signId);
        if (sign == null) {
          throw new IllegalArgumentException(embeddings + ": no embedding for the sign of " + id + " (sign_id "
              + signId + "); run prepare-embeddings on the same transcription CSV as prepare-poses");
        }
      }
      float fps = row.getAs(PreparedPoses.FPS);
      int frames = row.getAs(PreparedPoses.FRAMES);
      int people = row.getAs(PreparedPoses.PEOPLE);
      Sequence sequence = Sequence.firstPersonOrSkip(id, () -> new PoseBody(fps, frames, people, names.size(),
          header.dims(), PreparedPoses.floats(row.getAs(PreparedPoses.DATA)),
          PreparedPoses.floats(row.getAs(PreparedPoses.CONFIDENCE))), sign == null ? null : sign.embedding(),
          sign == null ? null : sign.fsw(), skipped::add);
      if (sequence == null) {
        continue;
      }
      target.add(sequence);
      if (target == train) {
        trainFps.merge(fps, 1, Integer::sum);
      }
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException(poses + ": no usable rows in the train split" + (skipped.isEmpty() ? ""
          : " (" + skipped.size() + " skipped, e.g. " + skipped.get(0) + ")"));
    }
    float fps = Collections.max(trainFps.entrySet(), Map.Entry.comparingByValue()).getKey();
    return new LocalTrainingData(header, fps, train, dev, untranscribed, skipped, sample);
  }

  /** Puts the embedding and text of every sign id of the prepare-embeddings table into {@code byId}; returns one. */
  private static TrainingData.SignSample embeddings(SparkSession spark, Inputs inputs, String embeddings,
      Map<String, TrainingData.SignSample> byId) throws IOException {
    requireTable(inputs, embeddings, "prepare-embeddings");
    TrainingData.SignSample sample = null;
    for (Row row : spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings)
        .select(PrepareEmbeddingsJob.SIGN_ID, PrepareEmbeddingsJob.EMBEDDING, PrepareEmbeddingsJob.FSW)
        .orderBy(PrepareEmbeddingsJob.SIGN_ID).collectAsList()) {
      TrainingData.SignSample sign = new TrainingData.SignSample(row.getAs(PrepareEmbeddingsJob.FSW),
          floats(row.getAs(PrepareEmbeddingsJob.EMBEDDING)));
      byId.put(row.getAs(PrepareEmbeddingsJob.SIGN_ID), sign);
      if (sample == null) {
        sample = sign;
      }
    }
    if (sample == null) {
      throw new IllegalArgumentException(embeddings + ": the prepare-embeddings table has no rows");
    }
    return sample;
  }

  /** An {@code array<float>} column's value. */
  static float[] floats(scala.collection.Seq<Float> values) {
    List<Float> list = CollectionConverters.asJava(values);
    float[] result = new float[list.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = list.get(i);
    }
    return result;
  }

  static void requireTable(Inputs inputs, String folder, String job) throws IOException {
    if (!inputs.isFile(inputs.resolve(folder, AtomicOutput.MARKER))) {
      throw new IllegalArgumentException(folder + ": not a finished " + job + " output (no "
          + AtomicOutput.MARKER + " in it)");
    }
  }
}
