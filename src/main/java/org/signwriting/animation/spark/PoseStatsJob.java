package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.pose.PoseStatistics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code pose-stats}: mean and standard deviation per point and dimension over one split (train) of the
 * {@code prepare-poses} output, ignoring masked points. Writes the {@value #TABLE} Parquet table and
 * {@value #JSON_FILE} in the layout of pose-format's {@code pose_normalization.json}
 * ({@code {component: {point: {mean: [..], std: [..]}}}}).
 */
public final class PoseStatsJob {
  public static final String TABLE = "stats";
  public static final String JSON_FILE = "pose_stats.json";

  /** point (int), component (string), name (string), dim (int), mean (double), std (double), count (long). */
  public static final StructType SCHEMA = new StructType()
      .add("point", DataTypes.IntegerType, false)
      .add("component", DataTypes.StringType, false)
      .add("name", DataTypes.StringType, false)
      .add("dim", DataTypes.IntegerType, false)
      .add("mean", DataTypes.DoubleType, false)
      .add("std", DataTypes.DoubleType, false)
      .add("count", DataTypes.LongType, false);

  private PoseStatsJob() {}

  /** The pose layout the statistics are about: the split's most common one. */
  record Layout(int points, int dims, List<String> components, List<String> names) implements java.io.Serializable {
    String describe() {
      return points + " points x " + dims + " dims";
    }
  }

  public static JobSummary run(SparkSession spark, String input, String split, String output) throws IOException {
    Dataset<Row> poses = spark.read().parquet(input).filter(col(PreparedPoses.SPLIT).equalTo(split));
    try (JobRun run = new JobRun(spark, "pose-stats", output, input)) {
      Layout layout = mostCommonLayout(poses);
      if (layout == null) {
        throw new IOException(input + ": no rows in split '" + split + "'");
      }
      CollectionAccumulator<Rejection> rejections = run.rejections();
      JavaRDD<Row> rows = poses.select(PreparedPoses.ID, PreparedPoses.FRAMES, PreparedPoses.PEOPLE,
          PreparedPoses.POINTS, PreparedPoses.DIMS, PreparedPoses.POINT_NAMES, PreparedPoses.DATA,
          PreparedPoses.CONFIDENCE).javaRDD();
      PoseStatistics stats = rows
          .mapPartitions((Iterator<Row> partition) -> List.of(accumulate(partition, layout, rejections)).iterator())
          .reduce(PoseStatistics.Accumulator::merge)
          .result(layout.components(), layout.names());
      long read = poses.count();
      List<Row> table = statisticsRows(stats, layout);
      spark.createDataFrame(table, SCHEMA).coalesce(1).write().mode(SaveMode.ErrorIfExists)
          .parquet(run.output().table(TABLE));
      run.output().writeText(JSON_FILE, stats.toJson());
      return run.finish(read, table.size());
    }
  }

  private static Layout mostCommonLayout(Dataset<Row> poses) {
    List<Row> layouts = poses
        .groupBy(PreparedPoses.POINTS, PreparedPoses.DIMS, PreparedPoses.POINT_COMPONENTS, PreparedPoses.POINT_NAMES)
        .agg(count("*").as("n"))
        .orderBy(desc("n"), col(PreparedPoses.POINTS), col(PreparedPoses.DIMS))
        .limit(1)
        .collectAsList();
    if (layouts.isEmpty()) {
      return null;
    }
    Row top = layouts.get(0);
    return new Layout(top.getInt(0), top.getInt(1), stringList(top, 2), stringList(top, 3));
  }

  private static List<String> stringList(Row row, int field) {
    return new ArrayList<>(CollectionConverters.asJava(row.<String>getSeq(field)));
  }

  private static PoseStatistics.Accumulator accumulate(Iterator<Row> partition, Layout layout,
      CollectionAccumulator<Rejection> rejections) {
    PoseStatistics.Accumulator stats = new PoseStatistics.Accumulator(layout.points(), layout.dims());
    while (partition.hasNext()) {
      Row row = partition.next();
      String id = row.getString(0);
      int points = row.getInt(3);
      int dims = row.getInt(4);
      if (points != layout.points() || dims != layout.dims() || !stringList(row, 5).equals(layout.names())) {
        rejections.add(new Rejection(id, Rejection.Kind.UNSUPPORTED_POSE_LAYOUT,
            "has " + points + " points x " + dims + " dims; the split's common layout is " + layout.describe()));
        continue;
      }
      float[] data = PreparedPoses.floats(row.getAs(6));
      float[] confidence = PreparedPoses.floats(row.getAs(7));
      try {
        stats.add(data, confidence, row.getInt(1), row.getInt(2));
      } catch (IllegalArgumentException e) {
        rejections.add(new Rejection(id, Rejection.Kind.UNSUPPORTED_POSE_LAYOUT, e.getMessage()));
      }
    }
    return stats;
  }

  private static List<Row> statisticsRows(PoseStatistics stats, Layout layout) {
    List<Row> rows = new ArrayList<>();
    for (int point = 0; point < layout.points(); point++) {
      for (int d = 0; d < layout.dims(); d++) {
        rows.add(RowFactory.create(point, layout.components().get(point), layout.names().get(point), d,
            stats.mean(point, d), stats.std(point, d), stats.count(point)));
      }
    }
    return rows;
  }
}
