package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.evaluation.EvaluationData;
import org.signwriting.animation.evaluation.EvaluationData.Labeled;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Collects what an evaluation needs to the driver: the transcribed rows of the train split and of the evaluated
 * split (any split; train itself makes both lists the same rows) from a prepare-poses output (in the layout of
 * its pose header; others are skipped), and the embedding of every sign from a prepare-embeddings output.
 * Sequences come sorted by id.
 */
public final class EvaluationDataReader {
  private EvaluationDataReader() {}

  /** The data, and what was skipped and why. */
  public record Result(EvaluationData data, List<String> skipped) {}

  /** {@code poses} and {@code embeddings}: paths or URIs, read through {@link Inputs}. */
  public static Result read(SparkSession spark, String poses, String embeddings, String split) throws IOException {
    Inputs inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    TrainingDataReader.requireTable(inputs, poses, "prepare-poses");
    TrainingDataReader.requireTable(inputs, embeddings, "prepare-embeddings");
    String headerFile = inputs.resolve(poses, PreparedPoses.HEADER_FILE);
    if (!inputs.isFile(headerFile)) {
      throw new IllegalArgumentException(poses + ": no " + PreparedPoses.HEADER_FILE + " in it");
    }
    PoseHeader header = PoseReader.readHeader(inputs.local(headerFile));
    List<String> names = new ArrayList<>();
    header.components().forEach(c -> names.addAll(c.points()));
    List<Row> rows = new ArrayList<>(spark.read().schema(PreparePosesJob.SCHEMA).parquet(poses)
        .where(col(PreparedPoses.SPLIT).isin(TrainingRun.TRAIN, split)
            .and(col(PreparedPoses.SIGN_ID).isNotNull()))
        .select(col(PreparedPoses.ID), col(PreparedPoses.SPLIT), col(PreparedPoses.SIGN_ID), col(PreparedPoses.FSW),
            col(PreparedPoses.FPS), col(PreparedPoses.FRAMES), col(PreparedPoses.PEOPLE),
            col(PreparedPoses.POINT_NAMES), col(PreparedPoses.DATA), col(PreparedPoses.CONFIDENCE))
        .collectAsList());
    rows.sort((a, b) -> a.getString(0).compareTo(b.getString(0)));
    List<Labeled> train = new ArrayList<>();
    List<Labeled> test = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Row row : rows) {
      String id = row.getString(0);
      if (!CollectionConverters.asJava(row.<String>getSeq(7)).equals(names)) {
        skipped.add(id + ": its points are not those of the pose header");
        continue;
      }
      PoseBody body = new PoseBody(row.getFloat(4), row.getInt(5), row.getInt(6), names.size(), header.dims(),
          PreparedPoses.floats(row.getAs(8)), PreparedPoses.floats(row.getAs(9)));
      Labeled sample = new Labeled(id, row.getString(2), row.getString(3), Sequence.firstPerson(id, body, null, null));
      if (row.getString(1).equals(split)) {
        test.add(sample);
      }
      if (row.getString(1).equals(TrainingRun.TRAIN)) {
        train.add(sample);
      }
    }
    if (test.isEmpty()) {
      List<String> splits = spark.read().schema(PreparePosesJob.SCHEMA).parquet(poses)
          .where(col(PreparedPoses.SIGN_ID).isNotNull()).select(PreparedPoses.SPLIT).distinct()
          .orderBy(PreparedPoses.SPLIT).collectAsList().stream().map(r -> r.getString(0)).toList();
      throw new IllegalArgumentException(poses + ": no transcribed rows in split '" + split + "' to evaluate ("
          + (splits.isEmpty() ? "it has no transcribed rows" : "its splits: " + String.join(", ", splits)) + ")");
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException(poses + ": no transcribed rows in split '" + TrainingRun.TRAIN
          + "' (the retrieval baseline draws from them)");
    }
    Map<String, float[]> byId = new HashMap<>();
    for (Row row : spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings)
        .select(PrepareEmbeddingsJob.SIGN_ID, PrepareEmbeddingsJob.EMBEDDING).collectAsList()) {
      List<Float> values = CollectionConverters.asJava(row.<Float>getSeq(1));
      float[] embedding = new float[values.size()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = values.get(i);
      }
      byId.put(row.getString(0), embedding);
    }
    return new Result(new EvaluationData(train, test, byId, header), skipped);
  }
}
