package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.signwriting.animation.data.RenderedSigns;
import org.signwriting.animation.signwriting.ModelInput;
import org.signwriting.animation.signwriting.SignRenderer;

/**
 * {@code render-signwriting}: every distinct sign of the transcription CSV rendered once, in the executors,
 * as the model-input image (224x224, centred on white), into the Parquet table of {@link RenderedSigns}.
 * Optionally also one PNG per CSV row named after its pose file, as the seed's prepare_embeddings.py wrote.
 */
public final class RenderSignWritingJob {
  public static final String JOB = "render-signwriting";

  /** The table's columns in order ({@link RenderedSigns} names them; the README documents them). */
  public static final StructType SCHEMA = new StructType()
      .add(RenderedSigns.SIGN_ID, DataTypes.StringType, false)
      .add(RenderedSigns.FSW, DataTypes.StringType, false)
      .add(RenderedSigns.SWU, DataTypes.StringType, false)
      .add(RenderedSigns.PNG, DataTypes.BinaryType, false)
      .add(RenderedSigns.WIDTH, DataTypes.IntegerType, false)
      .add(RenderedSigns.HEIGHT, DataTypes.IntegerType, false)
      .add(RenderedSigns.SCALE, DataTypes.DoubleType, false);

  /**
   * @param transcriptionCsv the transcription CSV (a path or URI)
   * @param output the output folder (replaced atomically)
   * @param pngDir where to write {@code POSE_STEM.png} per CSV row, or null
   */
  public record Options(String transcriptionCsv, String output, Path pngDir) {}

  private RenderSignWritingJob() {}

  public static JobSummary run(SparkSession spark, Options options) throws IOException {
    try (JobRun run = new JobRun(spark, JOB, options.output(), options.transcriptionCsv().toString())) {
      TranscriptionSigns transcription = TranscriptionSigns.read(run, options.transcriptionCsv());
      List<TranscriptionSigns.SignTask> signs = transcription.signs();
      long read = transcription.rowsRead();

      int partitions = Math.max(1, Math.min(signs.size(),
          Math.max(spark.sparkContext().defaultParallelism(), signs.size() / 500)));
      CollectionAccumulator<Rejection> rejections = run.rejections();
      JavaRDD<Row> rows = new JavaSparkContext(spark.sparkContext())
          .parallelize(signs, partitions)
          .mapPartitions(partition -> render(partition, rejections));
      spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Append)
          .parquet(run.output().staging().toString());
      Dataset<Row> written = spark.read().schema(SCHEMA).parquet(run.output().staging().toString());
      if (options.pngDir() != null) {
        transcription.writePngs(written, options.pngDir());
      }
      return run.finish(read, written.count());
    }
  }

  private static Iterator<Row> render(Iterator<TranscriptionSigns.SignTask> signs, CollectionAccumulator<Rejection> rejections) {
    List<Row> rows = new ArrayList<>();
    while (signs.hasNext()) {
      TranscriptionSigns.SignTask sign = signs.next();
      try {
        ModelInput image = SignRenderer.modelInput(sign.fsw());
        rows.add(RowFactory.create(sign.signId(), sign.fsw(), sign.swu(), SignRenderer.png(image.image()),
            image.image().getWidth(), image.image().getHeight(), image.scale()));
      } catch (RuntimeException e) {
        for (String input : sign.inputs()) {
          rejections.add(new Rejection(input, Rejection.Kind.UNRENDERABLE_SIGNWRITING,
              sign.fsw() + ": cannot be rendered: " + e.getMessage()));
        }
      }
    }
    return rows.iterator();
  }
}
