package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.signwriting.animation.data.BadRow;
import org.signwriting.animation.data.TranscriptionCsv;
import org.signwriting.animation.io.Inputs;

/**
 * The frame every job runs in: an {@link AtomicOutput}, a progress bar, the rejections collected on the
 * driver and in the executors, and at the end the {@code _rejected} table, {@code _summary.json} and the
 * commit. Rejections come back through an accumulator updated by the tasks of the job's single write stage;
 * Spark applies a task's updates once, from its successful attempt, and duplicates are dropped anyway.
 */
final class JobRun implements AutoCloseable {
  static final String SUMMARY_FILE = "_summary.json";

  private final SparkSession spark;
  private final String job;
  private final AtomicOutput output;
  private final Inputs inputs;
  private final SparkProgress progress;
  private final CollectionAccumulator<Rejection> executorRejections;
  private final List<Rejection> driverRejections = new ArrayList<>();
  private final java.util.Map<String, Double> taskSeconds = new java.util.LinkedHashMap<>();

  /**
   * @param inputs the job's input files and folders (paths or URIs; null entries skipped): the output may not
   *     overlap any of them
   */
  JobRun(SparkSession spark, String job, String output, String... inputs) throws IOException {
    this.spark = spark;
    this.job = job;
    this.output = AtomicOutput.begin(output, spark.sparkContext().hadoopConfiguration(), Arrays.asList(inputs));
    this.inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    this.executorRejections = spark.sparkContext().collectionAccumulator(job + " rejections");
    this.progress = new SparkProgress(spark, job);
  }

  AtomicOutput output() {
    return output;
  }

  /** The job's inputs, read as its session reads files (its Hadoop configuration). */
  Inputs inputs() {
    return inputs;
  }

  /**
   * The transcription CSV at {@code location} (a path or URI), streamed through the job's inputs so that its
   * messages name it as the user did (not a local copy); its bad rows are rejected, as {@link #csvName}{@code :LINE}.
   */
  TranscriptionCsv.Result readTranscriptions(String location) throws IOException {
    TranscriptionCsv.Result csv;
    try (InputStream in = inputs.open(location)) {
      csv = TranscriptionCsv.readCollectingBadRows(location, in);
    }
    for (BadRow bad : csv.badRows()) {
      reject(Rejection.of(csvName(location), bad));
    }
    return csv;
  }

  /** The file name of the CSV at {@code location}, which names its rows in {@code _rejected} ({@code NAME:LINE}). */
  static String csvName(String location) {
    return Inputs.name(location);
  }

  /** For the executors: tasks add what they reject. */
  CollectionAccumulator<Rejection> rejections() {
    return executorRejections;
  }

  /** For the driver: rejections found before the tasks run (e.g. bad CSV rows). */
  void reject(Rejection rejection) {
    driverRejections.add(rejection);
  }

  /** Records time the tasks spent on a step (summed over tasks), for the summary. */
  void taskSeconds(String step, double seconds) {
    taskSeconds.put(step, seconds);
  }

  /** Every rejection so far, without duplicates, in a stable order. */
  List<Rejection> allRejections() {
    LinkedHashSet<Rejection> all = new LinkedHashSet<>(driverRejections);
    all.addAll(executorRejections.value());
    List<Rejection> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Rejection::input).thenComparing(Rejection::reason));
    return sorted;
  }

  /** Writes {@code _rejected} and {@code _summary.json}, commits the output and returns the summary. */
  JobSummary finish(long read, long written) throws IOException {
    List<Rejection> rejections = allRejections();
    spark.createDataFrame(Rejection.rows(rejections), Rejection.SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(output.table(Rejection.TABLE));
    JobSummary summary = JobSummary.of(job, output.target(), read, written, rejections, taskSeconds,
        output.staleFolders());
    output.writeText(SUMMARY_FILE, summary.toJson());
    progress.close();
    output.commit();
    return summary;
  }

  @Override
  public void close() throws IOException {
    progress.close();
    output.close();
  }
}
