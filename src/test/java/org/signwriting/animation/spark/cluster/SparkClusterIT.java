package org.signwriting.animation.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.signwriting.animation.testing.DuckDb;
import org.signwriting.animation.testing.SharedData;
import org.signwriting.animation.util.AtomicFiles;

/**
 * prepare-poses on a real Spark standalone cluster (a Master and two one-core Workers, separate JVMs on
 * 127.0.0.1, the run's {@link SharedCluster}) submitted through jobs/prepare-poses.sh, against the same job run by bin/swa in local mode;
 * then again while one Worker's JVM is killed in the middle of the job. DuckDB reads both outputs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedCluster.class)
class SparkClusterIT {
  private static final Path PROJECT = Path.of(System.getProperty("swa.project.dir", ".")).toAbsolutePath();
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);
  private static final int COPIES = 3;

  /** Under target/ (not a temp folder), so the daemons' and jobs' logs stay for a look after a failure. */
  static Path work = PROJECT.resolve("target/cluster-it");
  static Path poses;
  static Path csv;
  static int badInputs;
  static SparkDistribution distribution;
  static StandaloneCluster cluster;
  static Path localOutput;

  @BeforeAll
  static void buildInputs() throws IOException {
    AtomicFiles.deleteRecursively(work);
    Files.createDirectories(work);
    buildCorpus();
    distribution = SharedCluster.distribution();
    cluster = SharedCluster.cluster();
    // Spark's own needs that Maven resolved into the application's lib: without them no daemon starts.
    assertTrue(distribution.borrowedFromAppLib().stream().anyMatch(j -> j.startsWith("slf4j-api")),
        distribution.borrowedFromAppLib().toString());
    assertTrue(distribution.borrowedFromAppLib().stream().anyMatch(j -> j.startsWith("commons-io")),
        distribution.borrowedFromAppLib().toString());
    assertTrue(distribution.borrowedFromAppLib().stream().noneMatch(j -> j.startsWith("picocli")),
        "application-only jars stay out of the distribution: " + distribution.borrowedFromAppLib());
  }

  @AfterAll
  static void deleteInputs() throws IOException {
    if (poses != null) {
      AtomicFiles.deleteRecursively(poses); // the big part; logs and outputs stay until the next run
    }
  }

  /** Copies of the shared pose files under new names, bad files beside them, and a CSV with bad rows. */
  static void buildCorpus() throws IOException {
    poses = work.resolve("poses");
    Files.createDirectories(poses);
    Path shared = SharedData.path("poses");
    List<Path> files;
    try (Stream<Path> list = Files.list(shared)) {
      files = list.filter(p -> p.toString().endsWith(".pose")).sorted().toList();
    }
    for (int copy = 0; copy < COPIES; copy++) {
      for (Path file : files) {
        Files.copy(file, poses.resolve("copy" + copy + "-" + file.getFileName()));
      }
    }
    byte[] real = Files.readAllBytes(shared.resolve("whatsthatsign-524.pose"));
    Files.write(poses.resolve("empty.pose"), new byte[0]);
    Files.write(poses.resolve("truncated.pose"), java.util.Arrays.copyOf(real, real.length - 1000));
    byte[] garbage = new byte[5000];
    new java.util.Random(1).nextBytes(garbage);
    Files.write(poses.resolve("garbage.pose"), garbage);
    String swu = new String(new int[] {0x1D803, 0x1D912, 0x1D916, 0x41CA1, 0x1D8FB, 0x1D8F7}, 0, 6);
    List<String> rows = new ArrayList<>(List.of("pose,videoLanguage,start,end,text,split"));
    for (int copy = 0; copy < COPIES; copy++) {
      rows.add("copy" + copy + "-whatsthatsign-524.pose,ase,0,2402," + swu + ",train");
      rows.add("copy" + copy + "-dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose,cse,200,1000," + swu + ",dev");
    }
    rows.add("nowhere.pose,ase,0,100," + swu + ",train");
    rows.add("copy0-dsgs-original-essen.pose,sgg,9000,9500," + swu + ",train");
    rows.add("copy0-dsgs-original-kinder.pose,sgg,0,500,not SignWriting,train");
    rows.add("copy0-dsgs-original-pizza.pose,sgg,0,abc," + swu + ",test");
    csv = work.resolve("data.csv");
    Files.write(csv, rows, StandardCharsets.UTF_8);
    // Rows: nowhere, times outside, bad SignWriting, malformed. Files: empty, truncated, garbage, and the
    // non-holistic copies (2 OpenPose + 2 hand-only per copy).
    badInputs = 4 + 3 + 4 * COPIES;
  }

  private static List<String> jobArguments(Path output) {
    return List.of("--poses", poses.toString(), "--transcription_csv_path", csv.toString(),
        "--include-untranscribed", "--output", output.toString());
  }

  /** The reference: bin/swa in local mode, its inputs given by the seed's environment variables. */
  private static Process startLocalRun() throws IOException {
    List<String> command = List.of(PROJECT.resolve("bin/swa").toString(), "prepare-poses", "--master", "local[2]",
        "--include-untranscribed", "--output", work.resolve("out-local").toString());
    return start(command, Map.of("SWA_JAVA_OPTS", "-Xmx1g", "POSE_SEQUENCES_FOLDER", poses.toString(),
        "SIGNWRITING_TRANSCRIPTION_CSV_PATH", csv.toString()), work.resolve("local.log"));
  }

  private static Process submit(Path output, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("jobs/prepare-poses.sh").toString()));
    command.addAll(jobArguments(output));
    return submit(command, "", log);
  }

  private static Process submit(List<String> command, String moreOptions, Path log) throws IOException {
    return start(command, Map.of(
        "SPARK_HOME", distribution.home().toString(),
        "SPARK_MASTER", cluster.masterUrl(),
        "SWA_DRIVER_MEMORY", "768m",
        "SWA_SUBMIT_OPTIONS", "--conf spark.executor.memory=768m --conf spark.swa.partitionBytes=1m " + moreOptions),
        log);
  }

  static Process start(List<String> command, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  static void finish(Process process, Path log) throws IOException, InterruptedException {
    try {
      boolean exited = process.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(exited, "the job did not finish in " + JOB_TIMEOUT.toSeconds() + " s:\n" + StandaloneCluster.tail(log));
      assertEquals(0, process.exitValue(), "the job failed:\n" + StandaloneCluster.tail(log));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Waits for every run (each must succeed); whatever happens, none is left running. */
  private static void finishAll(List<Process> runs, List<String> logs) throws IOException, InterruptedException {
    try {
      for (int i = 0; i < runs.size(); i++) {
        finish(runs.get(i), work.resolve(logs.get(i)));
      }
    } finally {
      for (Process run : runs) {
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
      }
    }
  }

  /** The table's rows as DuckDB sees them, the float arrays by hash. */
  private static List<Map<String, Object>> table(Path output) throws SQLException {
    return DuckDb.query("SELECT id, split, pose, language, start_ms, end_ms, fps, frames, people, points, dims,"
        + " swu, fsw, hash(point_names) AS names, hash(data) AS data, hash(confidence) AS confidence, octet_length(data) AS n"
        + " FROM " + DuckDb.preparedPoses(output) + " ORDER BY id");
  }

  private static List<Map<String, Object>> rejected(Path output) throws SQLException {
    return DuckDb.query("SELECT input, kind, reason FROM " + DuckDb.table(output.resolve("_rejected"))
        + " ORDER BY input");
  }

  private static void assertSameOutput(Path expected, Path actual) throws SQLException {
    List<Map<String, Object>> expectedRows = table(expected);
    // Inputs: the 2 * COPIES + 4 CSV rows, and the files that no parsable row names (2 * COPIES + 2 are named).
    int files = 27 * COPIES + 3;
    int read = (2 * COPIES + 4) + files - (2 * COPIES + 2);
    assertEquals(read - badInputs, expectedRows.size(), "rows written by the local run");
    assertEquals(expectedRows, table(actual));
    List<Map<String, Object>> expectedRejected = rejected(expected);
    assertEquals(badInputs, expectedRejected.size(), expectedRejected.toString());
    assertEquals(expectedRejected, rejected(actual));
  }

  @Test
  @Order(1)
  void clusterOutputEqualsLocalOutput() throws Exception {
    Path output = work.resolve("out-cluster");
    Path log = work.resolve("submit.log");
    // Side by side: the two runs spend much of their time starting JVMs.
    finishAll(List.of(startLocalRun(), submit(output, log)), List.of("local.log", "submit.log"));
    localOutput = work.resolve("out-local");
    assertTrue(Files.readString(log).contains("prepare-poses: read"), StandaloneCluster.tail(log));
    assertSameOutput(localOutput, output);
  }

  @Test
  @Order(2)
  void losingAWorkerInTheMiddleOfTheJobStillGivesTheSameOutput() throws Exception {
    Path output = work.resolve("out-cluster-killed");
    Path log = work.resolve("submit-killed.log");
    int victim = cluster.liveWorkers().get(0);
    List<Path> earlierApps = applications(cluster.workerDir(victim));
    Process submit = submit(output, log);
    try {
      // Kill a Worker as soon as its executor runs a task of this job (not of an earlier one).
      Path executorLog = waitForRunningTask(cluster.workerDir(victim), earlierApps, submit);
      assertTrue(submit.isAlive(), "the job finished before a worker could be killed");
      cluster.killWorker(victim);
      assertTrue(cluster.worker(victim).waitFor(10, TimeUnit.SECONDS), "the killed worker did not die");
      finish(submit, log);
      assertTrue(Files.readString(log).contains("Lost executor"), "the driver did not notice the loss:\n"
          + StandaloneCluster.tail(log) + "\nexecutor log: " + executorLog);
    } finally {
      submit.destroyForcibly();
    }
    assumeTrue(localOutput != null, "skipped: the local run of the first test did not finish");
    assertSameOutput(localOutput, output);
  }

  @Test
  @Order(3)
  void renderSignWritingAndPoseStatsOnTheClusterEqualLocalRuns() throws Exception {
    assumeTrue(localOutput != null, "skipped: the local prepare-poses run of the first test did not finish");
    cluster.addWorker(SharedCluster.workerMemory()); // in place of the killed one
    Path signsLocal = work.resolve("signs-local");
    Path signsCluster = work.resolve("signs-cluster");
    Path statsLocal = work.resolve("stats-local");
    Path statsCluster = work.resolve("stats-cluster");
    // All four at once: each cluster application gets one of the two Workers (spark.cores.max=1).
    List<Process> runs = List.of(
        start(List.of(PROJECT.resolve("bin/swa").toString(), "render-signwriting", "--master", "local[1]",
            "--transcription-csv-path", csv.toString(), "--output", signsLocal.toString()),
            Map.of("SWA_JAVA_OPTS", "-Xmx768m"), work.resolve("render-local.log")),
        submit(List.of(PROJECT.resolve("jobs/render-signwriting.sh").toString(),
            "--transcription_csv_path", csv.toString(), "--output", signsCluster.toString()),
            "--conf spark.cores.max=1", work.resolve("render-cluster.log")),
        start(List.of(PROJECT.resolve("bin/swa").toString(), "pose-stats", "--master", "local[1]",
            "--input", localOutput.toString(), "--output", statsLocal.toString()),
            Map.of("SWA_JAVA_OPTS", "-Xmx768m"), work.resolve("stats-local.log")),
        submit(List.of(PROJECT.resolve("jobs/pose-stats.sh").toString(),
            "--input", work.resolve("out-cluster").toString(), "--output", statsCluster.toString()),
            "--conf spark.cores.max=1", work.resolve("stats-cluster.log")));
    finishAll(runs, List.of("render-local.log", "render-cluster.log", "stats-local.log", "stats-cluster.log"));

    String signs = "SELECT sign_id, fsw, swu, md5(png) AS png, width, height, scale FROM read_parquet('%s/*.parquet')"
        + " ORDER BY sign_id";
    List<Map<String, Object>> expectedSigns = DuckDb.query(String.format(signs, signsLocal));
    assertEquals(1, expectedSigns.size(), "every parsable row of the corpus has the same sign");
    assertEquals(expectedSigns, DuckDb.query(String.format(signs, signsCluster)));
    assertEquals(rejected(signsLocal), rejected(signsCluster));
    // Sums of doubles in another order may differ in the last bits.
    String stats = "SELECT point, dim, component, name, count, round(mean, 9) AS mean, round(std, 9) AS std"
        + " FROM read_parquet('%s/stats/*.parquet') ORDER BY point, dim";
    List<Map<String, Object>> expectedStats = DuckDb.query(String.format(stats, statsLocal));
    assertEquals(178 * 3, expectedStats.size());
    assertEquals(expectedStats, DuckDb.query(String.format(stats, statsCluster)));
  }

  /** The application folders a Worker has made (one per application that had an executor on it). */
  private static List<Path> applications(Path workerDir) throws IOException {
    try (Stream<Path> apps = Files.list(workerDir)) {
      return apps.filter(p -> p.getFileName().toString().startsWith("app-")).toList();
    }
  }

  private static Path waitForRunningTask(Path workerDir, List<Path> earlierApps, Process submit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && submit.isAlive()) {
      for (Path app : applications(workerDir)) {
        if (earlierApps.contains(app)) {
          continue;
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(app)) {
          logs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
        for (Path file : logs) {
          if (Files.readString(file, StandardCharsets.ISO_8859_1).contains("Running task")) {
            return file;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no task ran on worker 0; the job's log:\n" + StandaloneCluster.tail(work.resolve("submit-killed.log")));
  }
}
