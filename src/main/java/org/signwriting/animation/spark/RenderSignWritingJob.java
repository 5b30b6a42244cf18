package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.signwriting.animation.data.BadRow;
import org.signwriting.animation.data.RenderedSigns;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.data.TranscriptionRow;
import org.signwriting.animation.signwriting.ModelInput;
import org.signwriting.animation.signwriting.SignRenderer;

/**
 * {@code render-signwriting}: every distinct sign of the transcription CSV rendered once, in the executors,
 * as the model-input image (224x224, centred on white), into the Parquet table of {@link RenderedSigns}.
 * Optionally also one PNG per CSV row named after its pose file, as the seed's prepare_embeddings.py wrote.
 */
public final class RenderSignWritingJob {
  public static final String JOB = "render-signwriting";

  /**
   * @param transcriptionCsv the transcription CSV
   * @param output the output folder (replaced atomically)
   * @param pngDir where to write {@code POSE_STEM.png} per CSV row, or null
   */
  public record Options(Path transcriptionCsv, String output, Path pngDir) {}

  /** A sign to render and the CSV rows (inputs) that hold it. */
  record SignTask(String signId, String fsw, String swu, List<String> inputs) implements java.io.Serializable {}

  private RenderSignWritingJob() {}

  public static JobSummary run(SparkSession spark, Options options) throws IOException {
    try (JobRun run = new JobRun(spark, JOB, options.output())) {
      TranscriptionCsv.Result csv = TranscriptionCsv.readCollectingBadRows(options.transcriptionCsv());
      String csvName = options.transcriptionCsv().getFileName().toString();
      for (BadRow bad : csv.badRows()) {
        run.reject(new Rejection(csvName + ":" + bad.line(), Rejection.Kind.MALFORMED_CSV_ROW, bad.message()));
      }
      Map<String, List<String>> inputsByFsw = new LinkedHashMap<>();
      Map<String, String> swuByFsw = new LinkedHashMap<>();
      Map<String, List<String>> poseStemsByFsw = new LinkedHashMap<>();
      for (TranscriptionRow row : csv.rows()) {
        String input = csvName + ":" + row.line();
        SignWritingColumns signWriting;
        try {
          signWriting = SignWritingColumns.of(row.text());
        } catch (IllegalArgumentException e) {
          run.reject(new Rejection(input, Rejection.Kind.UNPARSABLE_SIGNWRITING, input + ": " + e.getMessage()));
          continue;
        }
        inputsByFsw.computeIfAbsent(signWriting.fsw(), k -> new ArrayList<>()).add(input);
        swuByFsw.putIfAbsent(signWriting.fsw(), signWriting.swu());
        poseStemsByFsw.computeIfAbsent(signWriting.fsw(), k -> new ArrayList<>()).add(stem(row.pose()));
      }
      List<SignTask> signs = new ArrayList<>();
      inputsByFsw.forEach((fsw, inputs) -> signs.add(new SignTask(SignIds.of(fsw), fsw, swuByFsw.get(fsw), inputs)));
      long read = csv.rows().size() + csv.badRows().size();

      int partitions = Math.max(1, Math.min(signs.size(),
          Math.max(spark.sparkContext().defaultParallelism(), signs.size() / 500)));
      CollectionAccumulator<Rejection> rejections = run.rejections();
      JavaRDD<Row> rows = new JavaSparkContext(spark.sparkContext())
          .parallelize(signs, partitions)
          .mapPartitions(partition -> render(partition, rejections));
      spark.createDataFrame(rows, RenderedSigns.SCHEMA).write().mode(SaveMode.Append)
          .parquet(run.output().staging().toString());
      Dataset<Row> written = spark.read().schema(RenderedSigns.SCHEMA).parquet(run.output().staging().toString());
      if (options.pngDir() != null) {
        writePngs(written, poseStemsByFsw, options.pngDir());
      }
      return run.finish(read, written.count());
    }
  }

  private static Iterator<Row> render(Iterator<SignTask> signs, CollectionAccumulator<Rejection> rejections) {
    List<Row> rows = new ArrayList<>();
    while (signs.hasNext()) {
      SignTask sign = signs.next();
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

  /** The seed's layout: one PNG per CSV row, named after its pose file. */
  private static void writePngs(Dataset<Row> signs, Map<String, List<String>> poseStemsByFsw, Path pngDir)
      throws IOException {
    Files.createDirectories(pngDir);
    Iterator<Row> rows = signs.select(RenderedSigns.FSW, RenderedSigns.PNG).toLocalIterator();
    while (rows.hasNext()) {
      Row row = rows.next();
      byte[] png = row.getAs(1);
      for (String stem : poseStemsByFsw.getOrDefault(row.getString(0), List.of())) {
        Files.write(pngDir.resolve(stem + ".png"), png);
      }
    }
  }

  private static String stem(String pose) {
    String name = Path.of(pose).getFileName().toString();
    return name.endsWith(".pose") ? name.substring(0, name.length() - ".pose".length()) : name;
  }
}
