package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.SerializableConfiguration;
import org.signwriting.animation.diffusion.DataParallelWorker;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.TrainingJob;
import org.signwriting.animation.diffusion.TrainingMetrics;
import org.signwriting.animation.diffusion.TrainingState;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Trains on a cluster's executors, coordinated by the driver: {@code workers} long-running barrier tasks, each a DJL
 * replica on its own shard of the training table ({@link ClusterWorker}), synchronized through Spark's barrier
 * {@code allGather} every {@code syncEvery} steps ({@link DataParallelWorker}).
 *
 * <p>A run is a sequence of barrier stages, one per checkpoint interval ({@code training.checkpointEvery} steps).
 * Each stage starts from the last checkpoint, broadcast to the tasks (they fetch it only when they do not already
 * hold that state), and ends with every replica in the same state; the task of partition 0 validates and returns
 * that state as bytes, which the driver writes as the checkpoint, each file atomically. When a task fails (its
 * executor lost, say), Spark retries the whole barrier stage, which starts again from the same checkpoint and
 * computes the same numbers: a failure costs the steps since the last checkpoint, and the run ends at the step asked
 * for. The driver holds the model's state (a few times its size in bytes) and never the data.
 */
public final class ClusterTrainer {
  /** Sequences in each worker's shuffle buffer (memory: this many sequences per worker). */
  public static final String SHUFFLE_BUFFER = "spark.swa.train.shuffleBuffer";
  public static final int DEFAULT_SHUFFLE_BUFFER = 64;
  /** The largest allGather message, in bytes of floats (base64 makes it a third larger). */
  public static final String CHUNK_BYTES = "spark.swa.train.syncChunkBytes";
  public static final long DEFAULT_CHUNK_BYTES = 4L << 20;

  /**
   * How to spread the training: {@code workers} tasks (one per GPU or per core), synchronizing every
   * {@code syncEvery} steps; {@code shuffleBuffer} sequences per worker's buffer; allGather messages of at most
   * {@code chunkBytes}.
   */
  public record Settings(int workers, int syncEvery, int shuffleBuffer, int chunkBytes) implements Serializable {

    public Settings {
      if (workers < 1 || syncEvery < 1 || shuffleBuffer < 1 || chunkBytes < 1024) {
        throw new IllegalArgumentException("workers, sync interval and shuffle buffer must be positive and the "
            + "allGather chunk at least 1 KiB (got " + workers + ", " + syncEvery + ", " + shuffleBuffer + ", "
            + chunkBytes + ")");
      }
    }
  }

  private final SparkContext spark;
  private final ClusterTrainingData data;
  private final Settings settings;

  ClusterTrainer(SparkContext spark, ClusterTrainingData data, Settings settings) {
    this.spark = spark;
    this.data = data;
    this.settings = settings;
  }

  DiffusionTrainer.Result train(TrainingJob job) throws IOException {
    DiffusionConfig config = job.config();
    DiffusionTrainer.Options options = job.options();
    int workers = settings.workers();
    int batchPerWorker = (config.training().batchSize() + workers - 1) / workers;
    long sequences = data.trainedOnCount(options.unconditional());
    int stepsPerEpoch = DiffusionTrainer.stepsPerEpoch(sequences, batchPerWorker * workers);
    int plannedSteps = DiffusionTrainer.plannedSteps(config, options, stepsPerEpoch);
    int lastStep = DiffusionTrainer.lastStep(options, plannedSteps);
    int checkpointEvery = config.training().checkpointEvery();
    if (options.resume() && !java.nio.file.Files.exists(job.folder().checkpoint())) {
      throw new IllegalArgumentException(job.folder().dir() + ": no checkpoint.bin to resume from");
    }
    TrainingState current = DiffusionTrainer.startingState(job.folder(), config, options);
    int step = current != null && options.resume() ? current.step() : 0;
    List<TrainingMetrics.Row> metrics = new ArrayList<>(current != null && options.resume() ? current.metrics()
        : List.of());
    java.nio.file.Files.createDirectories(job.folder().dir());

    ClusterWorker.RunPlan plan = new ClusterWorker.RunPlan(UUID.randomUUID().toString(), workers, plannedSteps,
        stepsPerEpoch, batchPerWorker, settings.syncEvery(), options.seed(), options.unconditional(),
        config.toJson(), job.statistics().toJson(), new ArrayList<>(job.validation()),
        data.shards(workers, options.unconditional()), data.layout(), data.embeddingsTable(),
        settings.shuffleBuffer(), settings.chunkBytes(), job.folder().checkpoint().toString());
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark);
    Broadcast<ClusterWorker.RunPlan> runPlan = context.broadcast(plan);
    Broadcast<SerializableConfiguration> hadoop = context.broadcast(
        new SerializableConfiguration(spark.hadoopConfiguration()));
    int firstStep = step;
    double[] stepLosses = new double[Math.max(0, lastStep - firstStep)];
    Throughput.Meter meter = new Throughput.Meter(workers, settings.syncEvery(), batchPerWorker * workers);
    try {
      while (step < lastStep) {
        int end = Math.min(lastStep, (step / checkpointEvery + 1) * checkpointEvery);
        ClusterWorker.Stage stage = new ClusterWorker.Stage(step, end, end == lastStep);
        Broadcast<ClusterWorker.Start> start = context.broadcast(new ClusterWorker.Start(current));
        long began = System.nanoTime();
        List<ClusterWorker.Report> reports;
        try {
          reports = runStage(runPlan, stage, start, hadoop);
        } catch (SparkException e) {
          throw new IllegalStateException(String.format(Locale.ROOT, "training on the cluster failed in steps %d-%d "
              + "(%s); %s", step + 1, end, rootMessage(e), metrics.isEmpty() ? "no checkpoint was written"
              : "the last checkpoint (step " + metrics.get(metrics.size() - 1).step() + ") is kept in "
              + job.folder().checkpoint()), e);
        } finally {
          start.destroy();
        }
        ClusterWorker.Report first = reports.get(0);
        DataParallelWorker.Outcome outcome = first.outcome();
        if (outcome.diverged()) {
          throw DiffusionTrainer.diverged(job.folder(), outcome.divergedStep(), outcome.divergedTerms(), metrics);
        }
        meter.stage(end - step, System.nanoTime() - began, reports);
        if (step == firstStep) {
          for (ClusterWorker.Report report : reports) {
            System.err.printf(Locale.ROOT, "worker %d: executor %s, %s, %d PyTorch threads, OMP_WAIT_POLICY=%s%n",
                report.worker(), report.executor(), report.device(), report.torchThreads(), report.ompWaitPolicy());
          }
        }
        System.arraycopy(outcome.stepLosses(), 0, stepLosses, step - firstStep, end - step);
        metrics.add(first.row());
        TrainingState state = first.state();
        current = new TrainingState(end, metrics, state.weights(), state.ema(), state.moments());
        job.folder().writeCheckpoint(config, job.statistics(), current);
        step = end;
        job.progress().stepDone(step, lastStep, outcome.stepLosses()[outcome.stepLosses().length - 1]);
      }
    } finally {
      runPlan.destroy();
      hadoop.destroy();
    }
    data.recordThroughput(meter.result());
    return new DiffusionTrainer.Result(step, List.copyOf(metrics), stepLosses);
  }

  private List<ClusterWorker.Report> runStage(Broadcast<ClusterWorker.RunPlan> runPlan, ClusterWorker.Stage stage,
      Broadcast<ClusterWorker.Start> start, Broadcast<SerializableConfiguration> hadoop) throws SparkException {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark);
    int workers = settings.workers();
    spark.setJobDescription(String.format(Locale.ROOT, "train steps %d-%d on %d workers", stage.startStep() + 1,
        stage.endStep(), workers));
    RDD<Integer> tasks = context.parallelize(IntStream.range(0, workers).boxed().toList(), workers).rdd();
    ClassTag<ClusterWorker.Report> tag = ClassTag$.MODULE$.apply(ClusterWorker.Report.class);
    RDD<ClusterWorker.Report> reports = tasks.barrier().mapPartitions(
        new TaskBody(runPlan, stage, start, hadoop), false, tag);
    // The reports reach the driver through a shuffle: Spark retries a failed barrier stage only when it is a
    // shuffle map stage ("Could not recover from a failed barrier ResultStage" otherwise).
    List<ClusterWorker.Report> collected = new ArrayList<>(JavaRDD.fromRDD(reports, tag).repartition(1).collect());
    collected.sort(Comparator.comparingInt(ClusterWorker.Report::partition));
    return collected;
  }

  /** The task of each partition: one {@link ClusterWorker} run. */
  private static final class TaskBody extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>,
      scala.collection.Iterator<ClusterWorker.Report>> implements Serializable {
    private final Broadcast<ClusterWorker.RunPlan> runPlan;
    private final ClusterWorker.Stage stage;
    private final Broadcast<ClusterWorker.Start> start;
    private final Broadcast<SerializableConfiguration> hadoop;

    TaskBody(Broadcast<ClusterWorker.RunPlan> runPlan, ClusterWorker.Stage stage, Broadcast<ClusterWorker.Start> start,
        Broadcast<SerializableConfiguration> hadoop) {
      this.runPlan = runPlan;
      this.stage = stage;
      this.start = start;
      this.hadoop = hadoop;
    }

    @Override
    public scala.collection.Iterator<ClusterWorker.Report> apply(scala.collection.Iterator<Integer> partition) {
      try {
        return scala.jdk.javaapi.CollectionConverters.asScala(
            List.of(ClusterWorker.run(runPlan, stage, start, hadoop)).iterator());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
