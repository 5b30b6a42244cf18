package org.signwriting.animation.spark.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: one Master and N Workers of one core each, separate JVMs started
 * from a {@link SparkDistribution}, as the distribution's sbin scripts would start them. Closing it stops
 * every process it started, the executors the Workers started included.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://[^\\s]+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final SparkDistribution distribution;
  private final Path logs;
  private final List<String> jvmOptions;
  private final Set<ProcessHandle> started = new LinkedHashSet<>();
  private final List<Process> workers = new ArrayList<>();
  private final List<Path> workerLogs = new ArrayList<>();
  private final List<Path> workerDirs = new ArrayList<>();
  private Process master;
  private Path masterLog;
  private String masterUrl;

  private StandaloneCluster(SparkDistribution distribution, Path logs, List<String> jvmOptions) {
    this.distribution = distribution;
    this.logs = logs;
    this.jvmOptions = jvmOptions;
  }

  /** Starts a Master and {@code workers} Workers (1 core, {@code workerMemory} each) and waits for them. */
  public static StandaloneCluster start(SparkDistribution distribution, Path logs, List<String> jvmOptions,
      int workerCount, String workerMemory) throws IOException, InterruptedException {
    Files.createDirectories(logs);
    StandaloneCluster cluster = new StandaloneCluster(distribution, logs, jvmOptions);
    try {
      cluster.startMaster();
      for (int i = 0; i < workerCount; i++) {
        cluster.startWorker(i, workerMemory);
      }
      for (Path log : cluster.workerLogs) {
        waitFor(log, Pattern.compile("Successfully registered with master"), START_TIMEOUT);
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return masterUrl;
  }

  public Process worker(int index) {
    return workers.get(index);
  }

  /** The folder where Worker {@code index} keeps its executors' folders and logs. */
  public Path workerDir(int index) {
    return workerDirs.get(index);
  }

  /** The environment a distribution's scripts give the daemons. */
  public Map<String, String> environment() {
    return Map.of(
        "SPARK_HOME", distribution.home().toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1",
        "JAVA_HOME", System.getProperty("java.home"));
  }

  private void startMaster() throws IOException, InterruptedException {
    masterLog = logs.resolve("master.log");
    master = launch(masterLog, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
    Matcher m = waitFor(masterLog, MASTER_URL, START_TIMEOUT);
    masterUrl = m.group(1);
  }

  /** Starts one more Worker (e.g. in place of a killed one) and waits until the Master has it. */
  public void addWorker(String memory) throws IOException {
    int index = workers.size();
    startWorker(index, memory);
    waitFor(workerLogs.get(index), Pattern.compile("Successfully registered with master"), START_TIMEOUT);
  }

  private void startWorker(int index, String memory) throws IOException {
    Path log = logs.resolve("worker-" + index + ".log");
    Path workDir = logs.resolve("worker-" + index);
    Files.createDirectories(workDir);
    workers.add(launch(log, "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", memory,
        "--work-dir", workDir.toString(), masterUrl));
    workerLogs.add(log);
    workerDirs.add(workDir);
  }

  private Process launch(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(distribution.jars() + "/*");
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment());
    Process process = builder.start();
    started.add(process.toHandle());
    return process;
  }

  /** The indices of the Workers whose JVM is running, in the order they started. */
  public List<Integer> liveWorkers() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).isAlive()) {
        live.add(i);
      }
    }
    return live;
  }

  /** Adds Workers until {@code count} are running (after a test that killed one and failed before adding one). */
  public void keepLiveWorkers(int count, String memory) throws IOException {
    while (liveWorkers().size() < count) {
      addWorker(memory);
    }
  }

  /** Kills Worker {@code index}'s JVM (SIGKILL), as a machine failure would; its executors are tracked. */
  public void killWorker(int index) {
    Process worker = workers.get(index);
    worker.descendants().forEach(started::add);
    worker.destroyForcibly();
  }

  /** Waits until {@code pattern} appears in {@code log}; the match, or an exception naming the log. */
  public static Matcher waitFor(Path log, Pattern pattern, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log)) {
        Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (m.find()) {
          return m;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + pattern + " in " + log, e);
      }
    }
    throw new IOException("'" + pattern + "' did not appear in " + log + " within " + timeout.toSeconds()
        + " s; its end:\n" + tail(log));
  }

  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.substring(Math.max(0, text.length() - 3000));
  }

  /** Stops the workers (and their executors) and the master; waits until every process is gone. */
  @Override
  public void close() {
    for (Process worker : workers) {
      worker.descendants().forEach(started::add);
    }
    List<ProcessHandle> all = new ArrayList<>(started);
    java.util.Collections.reverse(all); // executors and workers before the master
    for (ProcessHandle process : all) {
      process.destroy();
    }
    Instant deadline = Instant.now().plusSeconds(10);
    for (ProcessHandle process : all) {
      try {
        process.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception timedOut) {
        process.destroyForcibly();
      }
    }
  }

  /** Whether every process the cluster started has exited. */
  public boolean allStopped() {
    return started.stream().noneMatch(ProcessHandle::isAlive);
  }
}
