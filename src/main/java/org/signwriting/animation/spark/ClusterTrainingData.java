package org.signwriting.animation.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.MotionMetrics;
import org.signwriting.animation.diffusion.TrainingData;
import org.signwriting.animation.diffusion.TrainingJob;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark reader of {@code swa train} on a cluster: the prepare-poses and prepare-embeddings tables stay where they
 * are, and the data-parallel workers of {@link ClusterTrainer} each stream their own shard of them on the executors.
 * The driver only lists the tables' files and reads their footers (rows per file, to cut the shards), runs one Spark
 * job that computes the statistics, the training motion and the frame rate on the executors (it receives one
 * accumulator per task), and collects at most {@link TrainingRun#VALIDATION_SEQUENCES} sequences to validate on.
 * Nothing else of the corpus reaches the driver.
 */
public final class ClusterTrainingData implements TrainingData {

  /** Rows reported by the scan as left out, at most (the count is always exact). */
  private static final int SKIPPED_EXAMPLES = 20;

  private final SparkSession spark;
  private final String poses;
  private final String embeddings;
  private final PoseHeader header;
  private final boolean unconditional;
  private final ClusterTrainer.Settings settings;
  private final PoseShards.Layout layout;
  private final Map<String, List<ParquetRows.FileRows>> filesBySplit = new HashMap<>();
  private final SignSample sample;
  private Scan scan;
  private Throughput throughput;

  private ClusterTrainingData(SparkSession spark, String poses, String embeddings, PoseHeader header,
      boolean unconditional, ClusterTrainer.Settings settings, SignSample sample) {
    this.spark = spark;
    this.poses = poses;
    this.embeddings = embeddings;
    this.header = header;
    this.unconditional = unconditional;
    this.settings = settings;
    this.sample = sample;
    List<List<String>> names = PoseStatistics.layout(header);
    this.layout = new PoseShards.Layout(names.get(1), header.dims());
  }

  /**
   * The tables under {@code poses} (prepare-poses, whose layout is {@code header}'s) and {@code embeddings}
   * (prepare-embeddings; null for unconditional training), paths or URIs. Every transcribed train or dev row's sign must have an
   * embedding (checked by a Spark join: the two tables must come from the same transcriptions).
   */
  public static ClusterTrainingData open(SparkSession spark, String poses, String embeddings, PoseHeader header,
      boolean unconditional, ClusterTrainer.Settings settings) throws IOException {
    Inputs inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    TrainingDataReader.requireTable(inputs, poses, "prepare-poses");
    SignSample sample = null;
    if (embeddings != null) {
      TrainingDataReader.requireTable(inputs, embeddings, "prepare-embeddings");
      sample = firstSign(spark, embeddings);
      requireEmbeddings(spark, poses, embeddings);
    }
    ClusterTrainingData data = new ClusterTrainingData(spark, poses, embeddings, header, unconditional, settings,
        sample);
    data.listFiles();
    if (data.rows(TrainingRun.TRAIN) == 0) {
      throw new IllegalArgumentException(poses + ": no rows in the train split");
    }
    return data;
  }

  private static SignSample firstSign(SparkSession spark, String embeddings) {
    List<Row> first = spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings)
        .select(PrepareEmbeddingsJob.SIGN_ID, PrepareEmbeddingsJob.EMBEDDING, PrepareEmbeddingsJob.FSW)
        .orderBy(PrepareEmbeddingsJob.SIGN_ID).limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException(embeddings + ": the prepare-embeddings table has no rows");
    }
    return new SignSample(first.get(0).getAs(PrepareEmbeddingsJob.FSW),
        TrainingDataReader.floats(first.get(0).getAs(PrepareEmbeddingsJob.EMBEDDING)));
  }

  private static void requireEmbeddings(SparkSession spark, String poses, String embeddings) {
    Dataset<Row> signs = spark.read().schema(PreparePosesJob.SCHEMA).parquet(poses)
        .filter(col(PreparedPoses.SPLIT).isin(TrainingRun.TRAIN, TrainingRun.DEV))
        .filter(col(PreparedPoses.SIGN_ID).isNotNull())
        .select(PreparedPoses.ID, PreparedPoses.SIGN_ID);
    Dataset<Row> known = spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings)
        .select(PrepareEmbeddingsJob.SIGN_ID);
    List<Row> missing = signs.join(known, signs.col(PreparedPoses.SIGN_ID).equalTo(known.col(
        PrepareEmbeddingsJob.SIGN_ID)), "left_anti").orderBy(PreparedPoses.ID).limit(1).collectAsList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(embeddings + ": no embedding for the sign of "
          + missing.get(0).getAs(PreparedPoses.ID) + " (sign_id " + missing.get(0).getAs(PreparedPoses.SIGN_ID)
          + "); run prepare-embeddings on the same transcription CSV as prepare-poses");
    }
  }

  /** Each split's files and their rows (footers read by a Spark job on the executors). */
  private void listFiles() throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String[]> all = new ArrayList<>();
    for (String split : List.of(TrainingRun.TRAIN, TrainingRun.DEV, PreparedPoses.UNTRANSCRIBED_SPLIT)) {
      for (String file : ParquetRows.files(conf, Inputs.with(conf).resolve(poses, PreparedPoses.SPLIT + "=" + split))) {
        all.add(new String[] {split, file});
      }
      filesBySplit.put(split, new ArrayList<>());
    }
    if (all.isEmpty()) {
      return;
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = context.broadcast(new SerializableConfiguration(conf));
    try {
      spark.sparkContext().setJobDescription("train: rows per file of " + poses);
      List<Object[]> counted = context.parallelize(all, Math.min(all.size(), context.defaultParallelism() * 4))
          .map(unit -> new Object[] {unit[0], unit[1], ParquetRows.rowCount(hadoop.value().value(), unit[1])})
          .collect();
      for (Object[] file : counted) {
        filesBySplit.get((String) file[0]).add(new ParquetRows.FileRows((String) file[1], (Long) file[2]));
      }
    } finally {
      hadoop.destroy();
    }
  }

  private long rows(String split) {
    return filesBySplit.get(split).stream().mapToLong(ParquetRows.FileRows::rows).sum();
  }

  /** The files trained on, in order: the train split's, then (pretraining) the untranscribed ones. */
  private List<ParquetRows.FileRows> trainedOnFiles(boolean withUntranscribed) {
    List<ParquetRows.FileRows> files = new ArrayList<>(filesBySplit.get(TrainingRun.TRAIN));
    if (withUntranscribed) {
      files.addAll(filesBySplit.get(PreparedPoses.UNTRANSCRIBED_SPLIT));
    }
    return files;
  }

  List<List<ParquetRows.Range>> shards(int workers, boolean withUntranscribed) {
    return PoseShards.split(trainedOnFiles(withUntranscribed), workers);
  }

  /** Rows trained on (the rows the scan leaves out still take their turn in a shard, and are skipped there). */
  long trainedOnCount(boolean withUntranscribed) {
    return trainedOnFiles(withUntranscribed).stream().mapToLong(ParquetRows.FileRows::rows).sum();
  }

  ClusterTrainer.Settings settings() {
    return settings;
  }

  PoseShards.Layout layout() {
    return layout;
  }

  String embeddingsTable() {
    return embeddings;
  }

  @Override
  public PoseHeader header() {
    return header;
  }

  @Override
  public float fps() {
    return scan().fps();
  }

  @Override
  public int signEmbeddingSize() {
    return sample == null ? 0 : sample.embedding().length;
  }

  @Override
  public SignSample signSample() {
    return sample;
  }

  @Override
  public Counts counts() {
    Scan s = scan();
    return new Counts(s.train(), rows(TrainingRun.DEV), s.untranscribed());
  }

  @Override
  public List<String> skipped() {
    Scan s = scan();
    List<String> lines = new ArrayList<>(s.skippedExamples());
    if (s.skipped() > s.skippedExamples().size()) {
      lines.add((s.skipped() - s.skippedExamples().size()) + " more rows left out (another layout than the pose "
          + "header's, or values that cannot be trained on)");
    }
    return lines;
  }

  @Override
  public PoseStatistics statistics(boolean withUntranscribed) {
    requireScanned(withUntranscribed);
    return scan().statistics().result(layout(header).get(0), layout.pointNames());
  }

  @Override
  public double meanDisplacement(boolean withUntranscribed) {
    requireScanned(withUntranscribed);
    Scan s = scan();
    return s.displacementSum() / Math.max(1, s.train() + s.untranscribed());
  }

  private void requireScanned(boolean withUntranscribed) {
    if (withUntranscribed != unconditional) {
      throw new IllegalStateException("this data was opened for " + (unconditional ? "unconditional" : "conditioned")
          + " training");
    }
  }

  private static List<List<String>> layout(PoseHeader header) {
    return PoseStatistics.layout(header);
  }

  @Override
  public List<Sequence> firstSequences(String split, int max) {
    Dataset<Row> rows = spark.read().schema(PreparePosesJob.SCHEMA).parquet(poses)
        .filter(col(PreparedPoses.SPLIT).equalTo(split))
        .select(PreparedPoses.ID, PreparedPoses.FPS, PreparedPoses.FRAMES, PreparedPoses.PEOPLE,
            PreparedPoses.POINT_NAMES, PreparedPoses.DATA, PreparedPoses.CONFIDENCE, PreparedPoses.SIGN_ID)
        .orderBy(PreparedPoses.ID).limit(max);
    Map<String, SignSample> signs = new HashMap<>();
    if (embeddings != null) {
      Dataset<Row> ids = rows.select(PreparedPoses.SIGN_ID).filter(col(PreparedPoses.SIGN_ID).isNotNull());
      Dataset<Row> table = spark.read().schema(PrepareEmbeddingsJob.SCHEMA).parquet(embeddings);
      for (Row row : table.join(ids, table.col(PrepareEmbeddingsJob.SIGN_ID).equalTo(ids.col(PreparedPoses.SIGN_ID)),
          "left_semi").select(PrepareEmbeddingsJob.SIGN_ID, PrepareEmbeddingsJob.FSW, PrepareEmbeddingsJob.EMBEDDING)
          .collectAsList()) {
        signs.put(row.getAs(PrepareEmbeddingsJob.SIGN_ID), new SignSample(row.getAs(PrepareEmbeddingsJob.FSW),
            TrainingDataReader.floats(row.getAs(PrepareEmbeddingsJob.EMBEDDING))));
      }
    }
    List<Sequence> sequences = new ArrayList<>();
    for (Row row : rows.collectAsList()) {
      if (!CollectionConverters.asJava(row.<scala.collection.Seq<String>>getAs(PreparedPoses.POINT_NAMES))
          .equals(layout.pointNames())) {
        continue;
      }
      String signId = row.getAs(PreparedPoses.SIGN_ID);
      SignSample sign = embeddings == null || signId == null ? null : signs.get(signId);
      // Rows that cannot be trained on are left out here as where they are trained on.
      Sequence sequence = Sequence.firstPersonOrSkip(row.getAs(PreparedPoses.ID), () -> new PoseBody(
          row.getAs(PreparedPoses.FPS), row.getAs(PreparedPoses.FRAMES), row.getAs(PreparedPoses.PEOPLE),
          layout.pointNames().size(), layout.dims(), PreparedPoses.floats(row.getAs(PreparedPoses.DATA)),
          PreparedPoses.floats(row.getAs(PreparedPoses.CONFIDENCE))),
          sign == null ? null : sign.embedding(), sign == null ? null : sign.fsw(), reason -> { });
      if (sequence != null) {
        sequences.add(sequence);
      }
    }
    return sequences;
  }

  @Override
  public DiffusionTrainer.Result train(TrainingJob job) throws IOException {
    requireScanned(job.options().unconditional());
    return new ClusterTrainer(spark.sparkContext(), this, settings).train(job);
  }

  void recordThroughput(Throughput measured) {
    this.throughput = measured;
  }

  /** How the last {@link #train} spent its time, or null before. */
  public Throughput throughput() {
    return throughput;
  }

  /** What the scan of the sequences trained on found, summed over the tasks. */
  record Scan(PoseStatistics.Accumulator statistics, double displacementSum, long train, long untranscribed,
      Map<Float, Long> trainFps, long skipped, List<String> skippedExamples) implements Serializable {

    float fps() {
      return Collections.max(trainFps.entrySet(), Map.Entry.comparingByValue()).getKey();
    }

    Scan merge(Scan other) {
      Map<Float, Long> fps = new HashMap<>(trainFps);
      other.trainFps.forEach((k, v) -> fps.merge(k, v, Long::sum));
      List<String> examples = new ArrayList<>(skippedExamples);
      for (String example : other.skippedExamples) {
        if (examples.size() < SKIPPED_EXAMPLES) {
          examples.add(example);
        }
      }
      return new Scan(statistics.merge(other.statistics), displacementSum + other.displacementSum,
          train + other.train, untranscribed + other.untranscribed, fps, skipped + other.skipped, examples);
    }
  }

  /** One Spark job over the files trained on, each task one file, on the executors. */
  private Scan scan() {
    if (scan != null) {
      return scan;
    }
    List<String[]> units = new ArrayList<>();
    for (ParquetRows.FileRows file : trainedOnFiles(unconditional)) {
      boolean train = filesBySplit.get(TrainingRun.TRAIN).contains(file);
      units.add(new String[] {train ? TrainingRun.TRAIN : PreparedPoses.UNTRANSCRIBED_SPLIT, file.path(),
          Long.toString(file.rows())});
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop = context.broadcast(
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    PoseShards.Layout rowLayout = layout;
    try {
      spark.sparkContext().setJobDescription("train: statistics of the sequences trained on in " + poses);
      scan = context.parallelize(units, units.size())
          .map(unit -> scanFile(hadoop.value().value(), unit, rowLayout))
          .reduce(Scan::merge);
    } finally {
      hadoop.destroy();
    }
    if (scan.train() == 0) {
      throw new IllegalArgumentException(poses + ": no usable rows in the train split (" + scan.skipped()
          + " skipped" + (scan.skippedExamples().isEmpty() ? "" : ", e.g. " + scan.skippedExamples().get(0)) + ")");
    }
    return scan;
  }

  private static Scan scanFile(Configuration conf, String[] unit, PoseShards.Layout layout) throws IOException {
    boolean train = unit[0].equals(TrainingRun.TRAIN);
    PoseStatistics.Accumulator statistics = new PoseStatistics.Accumulator(layout.pointNames().size(),
        layout.dims());
    double displacement = 0;
    long sequences = 0;
    Map<Float, Long> fps = new HashMap<>();
    List<String> skipped = new ArrayList<>();
    long[] skippedCount = {0};
    try (ParquetRows.Cursor cursor = ParquetRows.read(conf, List.of(new ParquetRows.Range(unit[1], 0,
        Long.parseLong(unit[2]))), PoseShards.COLUMNS)) {
      while (cursor.hasNext()) {
        org.apache.parquet.example.data.Group row = cursor.next();
        Sequence s = PoseShards.sequence(row, layout, null, id -> {
          skippedCount[0]++;
          if (skipped.size() < SKIPPED_EXAMPLES) {
            skipped.add(id);
          }
        });
        if (s == null) {
          continue;
        }
        statistics.add(s.data(), s.confidence(), s.frames(), 1);
        displacement += MotionMetrics.meanDisplacement(s.data(), s.confidence(), s.points(), s.dims());
        sequences++;
        if (train) {
          fps.merge(row.getFloat(PreparedPoses.FPS, 0), 1L, Long::sum);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Scan(statistics, displacement, train ? sequences : 0, train ? 0 : sequences, fps,
        skippedCount[0], skipped);
  }
}
