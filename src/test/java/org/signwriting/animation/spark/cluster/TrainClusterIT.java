package org.signwriting.animation.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.TrainingJob;
import org.signwriting.animation.diffusion.TrainingRun;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.spark.ClusterTrainer;
import org.signwriting.animation.spark.ClusterTrainingData;
import org.signwriting.animation.spark.DataParallelReference;
import org.signwriting.animation.spark.PreparePosesJob;
import org.signwriting.animation.testing.LocalSpark;
import org.signwriting.animation.testing.SharedData;
import org.signwriting.animation.util.AtomicFiles;

/**
 * {@code train} on a real standalone cluster (a Master and two one-core Workers, separate JVMs on 127.0.0.1, the
 * run's {@link SharedCluster}), submitted through jobs/train.sh or run by bin/swa as a user would: two workers match one process on the
 * combined batch; a driver with a 256 MB heap trains on a table several times that size, and a Worker killed in the
 * middle of that training costs the steps since the last checkpoint and nothing else; a task given a (pretended)
 * GPU maps it to its device, and fails clearly where PyTorch has no CUDA.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedCluster.class)
class TrainClusterIT {
  private static final Path PROJECT = Path.of(System.getProperty("swa.project.dir", ".")).toAbsolutePath();
  private static final long SEED = 5;

  static Path work = PROJECT.resolve("target/train-cluster-it");
  static Path prepared;
  static Path config;
  static SparkDistribution distribution;
  static StandaloneCluster cluster;

  @BeforeAll
  static void prepareInputs() throws Exception {
    AtomicFiles.deleteRecursively(work);
    Files.createDirectories(work);
    distribution = SharedCluster.distribution();
    cluster = SharedCluster.cluster();
    prepared = prepareRealPoses();
    // A small model without dropout: the masks of two shares are not those of the combined batch.
    config = Files.writeString(work.resolve("tiny.json"), new DiffusionConfig(
        new DiffusionConfig.Model(178, 3, 8, 32, 64, 1, 2, 0f, 8, 4, 0),
        new DiffusionConfig.Diffusion(8, "cosine", 0.15f, 2.0f),
        new DiffusionConfig.Loss(1.0f, 0.5f, 0.1f, false),
        new DiffusionConfig.Training(4, 100, 1e-4f, 0.1f, 0.01f, 0.9f, 2)).toJson());
  }

  @AfterAll
  static void deleteBigTable() throws IOException {
    AtomicFiles.deleteRecursively(work.resolve("big"));
  }

  /** prepare-poses on two copies of the holistic shared poses: 18 train rows and a dev row. */
  private static Path prepareRealPoses() throws IOException {
    Path poses = work.resolve("poses");
    Files.createDirectories(poses);
    List<String> names = List.of("whatsthatsign-524.pose", "dsgs-original-essen.pose", "dsgs-original-kinder.pose",
        "dsgs-original-kleine.pose", "dsgs-original-pizza.pose", "dsgs-interpreter-essen.pose",
        "dsgs-interpreter-kinder.pose", "dsgs-anonymized-pizza.pose", "pose-format-mediapipe.pose");
    StringBuilder csv = new StringBuilder("pose,videoLanguage,start,end,text,split\n");
    for (int copy = 0; copy < 2; copy++) {
      for (String name : names) {
        Files.copy(SharedData.path("poses/" + name), poses.resolve(copy + "-" + name));
        csv.append(copy).append('-').append(name).append(",sgg,,,M512x516S14c20489x485,train\n");
      }
    }
    String dev = "dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose";
    Files.copy(SharedData.path("poses/" + dev), poses.resolve(dev));
    csv.append(dev).append(",cse,,,M512x516S14c20489x485,dev\n");
    Path csvFile = Files.writeString(work.resolve("data.csv"), csv, StandardCharsets.UTF_8);
    Path output = work.resolve("prepared");
    PreparePosesJob.run(LocalSpark.session(), new PreparePosesJob.Options(poses.toString(), csvFile.toString(),
        output.toString(), false));
    return output;
  }

  private static Process submit(List<String> arguments, String driverMemory, String moreOptions, Path log)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("jobs/train.sh").toString()));
    command.addAll(arguments);
    return SparkClusterIT.start(command, Map.of(
        "SPARK_HOME", distribution.home().toString(),
        "SPARK_MASTER", cluster.masterUrl(),
        "SWA_DRIVER_MEMORY", driverMemory,
        "SWA_SUBMIT_OPTIONS", "--conf spark.executor.memory=640m --conf spark.swa.train.shuffleBuffer=3 "
            // A Worker that comes back is waited for every second, not every 15.
            + "--conf spark.scheduler.barrier.maxConcurrentTasksCheck.interval=1s " + moreOptions), log);
  }

  private static List<String> trainArguments(Path poses, Path folder, int steps, int checkpointEvery) {
    return new ArrayList<>(List.of("--poses", poses.toString(), "--unconditional", "--model-folder",
        folder.toString(), "--config", config.toString(), "--max-steps", Integer.toString(steps), "--checkpoint-every",
        Integer.toString(checkpointEvery), "--seed", Long.toString(SEED), "--workers", "2"));
  }

  /**
   * The same run as a submitted one on {@code table}, in this JVM: two workers as barrier tasks of local mode, with
   * the statistics the submitted run wrote into {@code submitted} (so this JVM does not scan the table again).
   */
  private static float[] localModeRun(Path table, Path submitted, Path folder, int steps, int checkpointEvery)
      throws IOException {
    SparkSession spark = LocalSpark.session();
    PoseHeader header = PoseReader.readHeader(table.resolve(PreparedPoses.HEADER_FILE));
    ClusterTrainingData data = ClusterTrainingData.open(spark, table.toString(), null, header, true,
        new ClusterTrainer.Settings(2, 1, 3, 4 << 20));
    DiffusionConfig runConfig = DiffusionConfig.read(config).withCheckpointEvery(checkpointEvery);
    data.train(new TrainingJob(runConfig, new ModelFolder(folder), new ModelFolder(submitted).readStatistics(),
        data.firstSequences(TrainingRun.DEV, TrainingRun.VALIDATION_SEQUENCES),
        new DiffusionTrainer.Options(SEED, steps, 0, true, false, null), (step, last, loss) -> { }));
    return DataParallelReference.weights(runConfig, folder);
  }

  @Test
  @Order(1)
  void twoWorkersOnTheClusterMatchOneProcessOnTheCombinedBatch() throws Exception {
    Path folder = work.resolve("model-sync");
    Path log = work.resolve("train-sync.log");
    SparkClusterIT.finish(submit(trainArguments(prepared, folder, 4, 2), "768m", "", log), log);
    String output = Files.readString(log);
    assertTrue(output.contains("trained to step 4 (4 steps in this run)"), StandaloneCluster.tail(log));
    assertTrue(output.contains("2 workers, sync every 1:"), output);
    // Each worker's PyTorch: the threads of its task's core, sleeping waits.
    assertTrue(Pattern.compile("worker 0: executor \\d+, cpu\\(\\), 1 PyTorch threads, OMP_WAIT_POLICY=PASSIVE")
        .matcher(output).find(), output);
    assertTrue(output.contains("worker 1: executor"), output);

    PoseHeader header = PoseReader.readHeader(prepared.resolve(PreparedPoses.HEADER_FILE));
    ClusterTrainingData data = ClusterTrainingData.open(LocalSpark.session(), prepared.toString(), null, header, true,
        new ClusterTrainer.Settings(2, 1, 3, 4 << 20));
    DataParallelReference.Comparison comparison = DataParallelReference.compare(data, data.statistics(true),
        new ModelFolder(folder).readConfig(), folder, 4, SEED);
    System.out.println("standalone cluster, 2 workers, K=1, 4 steps: " + comparison);
    comparison.assertSame();
  }

  /**
   * One run shows both: the driver (256 MB of heap) never holds the table (over 3 times that), and a Worker killed
   * in the middle of a segment costs that segment only.
   */
  @Test
  @Order(2)
  void aSmallDriverTrainsOnABigTableAndAWorkerKilledInTheMiddleCostsTheStepsSinceTheLastCheckpoint()
      throws Exception {
    Path big = work.resolve("big");
    long bytes = writeBigTable(big, 1000);
    long heap = 256L << 20;
    assertTrue(bytes > 3 * heap, "the table holds " + bytes + " bytes");
    Path folder = work.resolve("model-big");
    Path log = work.resolve("train-big.log");
    int victim = cluster.liveWorkers().get(0);
    List<Path> earlierApps = applications(cluster.workerDir(victim));
    // Watch every checkpoint.bin the driver writes: each must be whole.
    AtomicInteger versions = new AtomicInteger();
    AtomicReference<String> broken = new AtomicReference<>();
    Thread watcher = new Thread(() -> watchCheckpoints(folder, versions, broken));
    watcher.setDaemon(true);
    watcher.start();
    // Spark refuses heaps under 450 MB unless told to reserve less of them for itself.
    Process train = submit(trainArguments(big, folder, 12, 4), "256m",
        "--conf spark.testing.reservedMemory=" + (48 << 20), log);
    try {
      // Kill the Worker (and so its executor) once its task is into the second segment.
      waitForLine(cluster.workerDir(victim), earlierApps, "swa train: steps 5-8", train, log);
      cluster.killWorker(victim);
      assertTrue(cluster.worker(victim).waitFor(10, TimeUnit.SECONDS), "the killed worker did not die");
      cluster.addWorker(SharedCluster.workerMemory()); // the barrier stage needs two slots again
      SparkClusterIT.finish(train, log);
    } finally {
      train.destroyForcibly();
      watcher.interrupt();
    }
    String output = Files.readString(log);
    assertTrue(output.contains("training on 999 sequences"), output);
    assertTrue(output.contains("trained to step 12 (12 steps in this run)"), StandaloneCluster.tail(log));
    assertTrue(output.contains("Lost executor") || output.contains("Resubmitting"),
        "the driver did not notice the loss:\n" + StandaloneCluster.tail(log));
    List<String> metrics = Files.readAllLines(folder.resolve("metrics.csv"));
    assertEquals(List.of("4", "8", "12"), metrics.subList(1, metrics.size()).stream()
        .map(line -> line.substring(0, line.indexOf(','))).toList(), "one row per checkpoint, none twice");
    assertTrue(broken.get() == null, "a checkpoint was read half-written: " + broken.get());
    assertTrue(versions.get() >= 2, "checkpoints seen while training: " + versions.get());
    try (Stream<Path> files = Files.list(folder)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
    }
    // A retried segment starts again from the same checkpoint and computes the same numbers: the model equals
    // the same training without a failure (local mode, in this JVM).
    float[] expected = localModeRun(big, folder, work.resolve("model-big-local"), 12, 4);
    assertArrayEquals(expected, DataParallelReference.weights(new ModelFolder(folder).readConfig(), folder));
  }

  /** Also bin/swa as the driver of a standalone cluster (--master spark://...), which ships the jars itself. */
  @Test
  @Order(3)
  void aTaskHoldingAGpuMapsItAndFailsClearlyWithoutCuda() throws Exception {
    Path log = work.resolve("train-gpu.log");
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/swa").toString(), "train", "--master",
        cluster.masterUrl()));
    command.addAll(trainArguments(prepared, work.resolve("model-gpu"), 2, 2));
    for (String setting : List.of("spark.executor.memory=640m", "spark.executor.resource.gpu.amount=1",
        "spark.task.resource.gpu.amount=1", "spark.stage.maxConsecutiveAttempts=1")) {
      command.addAll(List.of("--conf", setting));
    }
    Process train = SparkClusterIT.start(command, Map.of("SWA_JAVA_OPTS", "-Xmx768m"), log);
    try {
      assertTrue(train.waitFor(150, TimeUnit.SECONDS), StandaloneCluster.tail(log));
    } finally {
      train.destroyForcibly();
    }
    String output = Files.readString(log);
    assertNotEquals(0, train.exitValue(), output);
    assertTrue(output.contains("the task holds GPU 0 but PyTorch on this executor sees no CUDA device"),
        StandaloneCluster.tail(log));
  }

  /**
   * A prepare-poses table of {@code rows} synthetic sequences (400 frames of the 178 points, stored without
   * compression, so its bytes are what a driver collecting it would hold), written by tasks of this JVM's Spark.
   */
  private static long writeBigTable(Path table, int rows) throws IOException {
    PoseHeader header = PoseReader.readHeader(prepared.resolve(PreparedPoses.HEADER_FILE));
    List<List<String>> layout = org.signwriting.animation.pose.PoseStatistics.layout(header);
    List<String> components = layout.get(0);
    List<String> names = layout.get(1);
    SparkSession spark = LocalSpark.session();
    int frames = 400;
    List<Integer> ids = java.util.stream.IntStream.range(0, rows).boxed().toList();
    var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, 8).map(i -> {
      int points = names.size();
      float[] data = new float[frames * points * 3];
      float[] confidence = new float[frames * points];
      for (int f = 0; f < frames; f++) {
        for (int p = 0; p < points; p++) {
          confidence[f * points + p] = 1;
          for (int d = 0; d < 3; d++) {
            data[(f * points + p) * 3 + d] = ((f * (d + 1) + 7 * p + i) % 101) * 0.01f;
          }
        }
      }
      return RowFactory.create("synthetic-" + i, "synthetic-" + i + ".pose", null, null, null, 25f, frames, 1,
          points, 3, components.toArray(String[]::new), names.toArray(String[]::new), PreparedPoses.bytes(data),
          PreparedPoses.bytes(confidence), null, null, null, i == 0 ? "dev" : "train");
    });
    spark.createDataFrame(rdd, PreparePosesJob.SCHEMA).write().option("compression", "none")
        .partitionBy(PreparedPoses.SPLIT).parquet(table.toString());
    Files.copy(prepared.resolve(PreparedPoses.HEADER_FILE), table.resolve(PreparedPoses.HEADER_FILE));
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void watchCheckpoints(Path folder, AtomicInteger versions, AtomicReference<String> broken) {
    Path checkpoint = folder.resolve("checkpoint.bin");
    long lastModified = -1;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (Files.exists(checkpoint) && Files.getLastModifiedTime(checkpoint).toMillis() != lastModified) {
          lastModified = Files.getLastModifiedTime(checkpoint).toMillis();
          new ModelFolder(folder).readCheckpoint();
          versions.incrementAndGet();
        }
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (Files.exists(checkpoint)) {
          broken.compareAndSet(null, e.toString());
        }
      }
    }
  }

  private static List<Path> applications(Path workerDir) throws IOException {
    try (Stream<Path> apps = Files.list(workerDir)) {
      return apps.filter(p -> p.getFileName().toString().startsWith("app-")).toList();
    }
  }

  /** Waits until an executor of a new application on the Worker logs {@code line}. */
  private static void waitForLine(Path workerDir, List<Path> earlierApps, String line, Process train, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < deadline && train.isAlive()) {
      for (Path app : applications(workerDir)) {
        if (earlierApps.contains(app)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(app)) {
          for (Path file : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
            if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(line)) {
              return;
            }
          }
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no executor of the Worker logged '" + line + "':\n" + StandaloneCluster.tail(log));
  }
}
