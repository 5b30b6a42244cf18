package org.signwriting.animation.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.signwriting.animation.embedding.EncoderModel;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.signwriting.SignRenderer;

/**
 * {@code prepare-embeddings}: every distinct sign text of the transcription CSV rendered once as the
 * model-input image and embedded, in the executors, by the model of {@link ExecutorEmbedders} (one per
 * executor JVM), a batch at a time. Writes L2-normalized embeddings as Parquet, keyed by the same
 * {@code sign_id} as prepare-poses and render-signwriting.
 */
public final class PrepareEmbeddingsJob {
  public static final String JOB = "prepare-embeddings";
  public static final String SIGN_ID = "sign_id";
  public static final String FSW = "fsw";
  public static final String SWU = "swu";
  public static final String EMBEDDING = "embedding";
  public static final String PNG = "png";
  /**
   * The copy of the encoder that made the embeddings, inside the output (Spark skips {@code _} folders when it
   * reads the table): {@code train} conditions on these embeddings and animates with this encoder.
   */
  public static final String ENCODER_FOLDER = "_embedding_model";

  /** sign_id, fsw, swu, embedding (unit length), png (the model-input image, only with a PNG folder). */
  public static final StructType SCHEMA = new StructType()
      .add(SIGN_ID, DataTypes.StringType, false)
      .add(FSW, DataTypes.StringType, false)
      .add(SWU, DataTypes.StringType, false)
      .add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add(PNG, DataTypes.BinaryType, true);

  /**
   * @param transcriptionCsv the transcription CSV (a path or URI)
   * @param modelPath a model folder of train-embedding-model or a TorchScript file (a path or URI), readable by the
   *     executors
   * @param output the output folder (replaced atomically)
   * @param pngDir where to write {@code POSE_STEM.png} per CSV row, or null
   * @param batchSize images per forward pass
   */
  public record Options(String transcriptionCsv, String modelPath, String output, Path pngDir, int batchSize) {}

  private PrepareEmbeddingsJob() {}

  public static JobSummary run(SparkSession spark, Options options) throws IOException {
    try (JobRun run = new JobRun(spark, JOB, options.output(), options.transcriptionCsv().toString(),
        options.modelPath())) {
      TranscriptionSigns transcription = TranscriptionSigns.read(run, options.transcriptionCsv());
      List<TranscriptionSigns.SignTask> signs = transcription.signs();
      int partitions = Math.max(1, Math.min(signs.size(), spark.sparkContext().defaultParallelism()));
      CollectionAccumulator<Rejection> rejections = run.rejections();
      String modelPath = options.modelPath();
      int batchSize = options.batchSize();
      boolean keepPng = options.pngDir() != null;
      JavaRDD<Row> rows = new JavaSparkContext(spark.sparkContext())
          .parallelize(signs, partitions)
          .mapPartitions(partition -> embed(partition, modelPath, batchSize, keepPng, rejections));
      spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Append)
          .parquet(run.output().staging().toString());
      Dataset<Row> written = spark.read().schema(SCHEMA).parquet(run.output().staging().toString());
      if (keepPng) {
        transcription.writePngs(written, options.pngDir());
      }
      recordEncoder(run.output(), run.inputs().local(modelPath));
      return run.finish(transcription.rowsRead(), written.count());
    }
  }

  private static void recordEncoder(AtomicOutput output, Path model) throws IOException {
    for (Path file : SignEmbedders.files(model)) {
      try (OutputStream out = output.create(ENCODER_FOLDER + "/" + file.getFileName())) {
        Files.copy(file, out);
      }
    }
  }

  /**
   * The encoder recorded in a prepare-embeddings output (the location of a model folder or a TorchScript file), or
   * null for an output written before outputs recorded it.
   */
  public static String recordedEncoder(Inputs inputs, String output) throws IOException {
    String folder = inputs.resolve(output, ENCODER_FOLDER);
    if (!inputs.isDirectory(folder)) {
      return null;
    }
    Map<String, Inputs.Listed> files = new TreeMap<>(inputs.find(folder, ""));
    files.keySet().removeIf(name -> name.startsWith(".")); // the file system's checksum files
    if (files.containsKey(EncoderModel.PARAMETERS_FILE)) {
      return folder; // a trained encoder's folder
    }
    return files.isEmpty() ? null : files.values().iterator().next().location(); // a TorchScript file
  }

  /** Renders and embeds a partition, {@code batchSize} signs per forward pass. */
  static Iterator<Row> embed(Iterator<TranscriptionSigns.SignTask> signs, String modelPath, int batchSize,
      boolean keepPng, CollectionAccumulator<Rejection> rejections) {
    SignEmbedder embedder = ExecutorEmbedders.get(modelPath);
    List<Row> rows = new ArrayList<>();
    List<TranscriptionSigns.SignTask> batch = new ArrayList<>(batchSize);
    List<BufferedImage> images = new ArrayList<>(batchSize);
    while (signs.hasNext()) {
      TranscriptionSigns.SignTask sign = signs.next();
      try {
        images.add(SignRenderer.modelInput(sign.fsw()).image());
        batch.add(sign);
      } catch (RuntimeException e) {
        for (String input : sign.inputs()) {
          rejections.add(new Rejection(input, Rejection.Kind.UNRENDERABLE_SIGNWRITING,
              sign.fsw() + ": cannot be rendered: " + e.getMessage()));
        }
      }
      if (batch.size() == batchSize || (!signs.hasNext() && !batch.isEmpty())) {
        float[][] embeddings = embedder.embed(images);
        for (int i = 0; i < batch.size(); i++) {
          TranscriptionSigns.SignTask done = batch.get(i);
          rows.add(RowFactory.create(done.signId(), done.fsw(), done.swu(), boxed(embeddings[i]),
              keepPng ? SignRenderer.png(images.get(i)) : null));
        }
        batch.clear();
        images.clear();
      }
    }
    return rows.iterator();
  }

  private static Float[] boxed(float[] values) {
    Float[] out = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
