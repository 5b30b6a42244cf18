package org.signwriting.animation.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.spark.JobSummary;
import org.signwriting.animation.spark.PreparePosesJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swa benchmark prepare-poses}: prepare-poses throughput on 1 and 2 cores over a replicated corpus. */
@Command(
    name = "prepare-poses",
    mixinStandardHelpOptions = true,
    header = "Measure prepare-poses (files/s, MB/s) on local[1] and local[2] over a corpus of --corpus-gb.",
    description = {
      "Replicates the MediaPipe holistic .pose files of --poses under new ids",
      "into a corpus of at least --corpus-gb GB (10^9 bytes) with one",
      "transcription row per file (whole file), then measures, after an",
      "uncounted warm-up job over 300 files:",
      "  bare decoder  PoseReader.read of every file on one thread, then also",
      "                with the training pre-processing, then decoding only",
      "                the 178 points training keeps and pre-processing them",
      "                (what a prepare-poses task does before writing)",
      "  local[N]      the prepare-poses job, for each N of --cores",
      "and prints files/s, MB/s, MB/s per core against the bare decoder, MB",
      "per CPU-second (the tasks' CPU time: on a machine shared with other work",
      "it compares the job with the decoder regardless of waits for a core), the",
      "speed-up between core counts, the share of task time spent outside",
      "decoding and the JVM's peak heap (run it with a small -Xmx, e.g.",
      "SWA_JAVA_OPTS=-Xmx1g, to see that memory does not follow the corpus: a",
      "task holds one pose and one Parquet writer per split).",
      "",
      "Example:",
      "  SWA_JAVA_OPTS=-Xmx1g bin/swa benchmark prepare-poses --corpus-gb 2",
      "  ... --corpus-gb 0.5 --conf spark.swa.partitionBytes=64m",
    })
final class PreparePosesBenchmark implements Callable<Integer> {
  /** A real sign (FSW) for the generated transcription rows. */
  private static final String SIGN = "M518x529S14c20481x471S27106503x489";

  @Option(names = "--poses", defaultValue = "../shared/data/poses", paramLabel = "DIR",
      description = "Folder of .pose files to replicate (default: ${DEFAULT-VALUE}).")
  Path poses;

  @Option(names = "--corpus-gb", defaultValue = "2", paramLabel = "GB",
      description = "Corpus size in GB, at least (default: ${DEFAULT-VALUE}).")
  double corpusGb;

  @Option(names = "--cores", defaultValue = "1,2", split = ",", paramLabel = "N",
      description = "Core counts to run the job with, local[N] (default: ${DEFAULT-VALUE}).")
  List<Integer> cores;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Where to put the corpus and the outputs (default: a new temporary folder, removed after).")
  Path work;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark or pipeline setting (spark.swa.*) for the jobs, over conf/spark-defaults.conf, "
          + "e.g. spark.swa.partitionBytes=64m. Repeatable.")
  Map<String, String> conf = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(poses)) {
      throw new IllegalArgumentException(poses + ": no such folder (give the folder of .pose files to replicate)");
    }
    if (!(corpusGb > 0)) {
      throw new IllegalArgumentException("--corpus-gb must be a size in GB > 0, not " + corpusGb);
    }
    for (int n : cores) {
      OptionValues.atLeast("--cores", n, 1);
    }
    boolean temporary = work == null;
    Path folder = temporary ? Files.createTempDirectory("swa-benchmark-") : work;
    try {
      return measure(folder, System.out);
    } finally {
      if (temporary) {
        BenchmarkFiles.deleteRecursively(folder);
      }
    }
  }

  private int measure(Path folder, PrintStream out) throws Exception {
    Machine.Watch machine = Machine.watch();
    List<Path> sources = holisticFiles(poses);
    Path corpus = folder.resolve("corpus");
    Path csv = folder.resolve("corpus.csv");
    List<Path> files = replicate(sources, corpus, csv, (long) (corpusGb * 1e9));
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    double mb = bytes / 1e6;
    out.printf("corpus: %,d files, %,.0f MB (copies of %d holistic files of %s)%n", files.size(), mb,
        sources.size(), poses);

    Timing decode = bareDecoder(files, Work.DECODE);
    Timing preprocess = bareDecoder(files, Work.PREPROCESS);
    Timing keptPoints = bareDecoder(files, Work.KEPT_POINTS);
    double decodeSeconds = decode.wallSeconds();
    out.printf("%-34s %8s %10s %9s %12s %10s%n", "", "seconds", "files/s", "MB/s", "MB/s/core", "MB/CPU-s");
    row(out, "bare decoder, 1 thread", decode, files.size(), mb, 1);
    row(out, "bare decoder + pre-processing", preprocess, files.size(), mb, 1);
    row(out, "kept points + pre-processing", keptPoints, files.size(), mb, 1);

    warmUp(folder, files, csv, conf);
    double firstSeconds = 0;
    int firstCores = 0;
    for (int n : cores) {
      Path output = folder.resolve("out-" + n);
      resetPeakHeap();
      SparkSession spark = JobSession.create("swa benchmark prepare-poses", "local[" + n + "]", conf);
      TaskCpu taskCpu = new TaskCpu();
      spark.sparkContext().addSparkListener(taskCpu);
      long start = System.nanoTime();
      JobSummary summary;
      try {
        summary = PreparePosesJob.run(spark, new PreparePosesJob.Options(corpus.toString(), csv.toString(),
            output.toString(), false));
      } finally {
        spark.stop();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (summary.written() != files.size()) {
        throw new IllegalStateException("local[" + n + "] wrote " + summary.written() + " of " + files.size()
            + " rows: " + summary.rejectedByKind());
      }
      double decoding = summary.taskSeconds().getOrDefault("reading pose files", 0.0);
      double preprocessing = summary.taskSeconds().getOrDefault("pre-processing", 0.0);
      Timing job = new Timing(seconds, taskCpu.seconds());
      row(out, "prepare-poses local[" + n + "]", job, files.size(), mb, n);
      out.printf("    per core: %.0f%% of the bare decoder's MB/s (%.0f%% by CPU time); task time: %.0f%% decoding,"
              + " %.0f%% pre-processing, %.0f%% outside decoding; peak heap %,d MB%n",
          100 * (mb / seconds / n) / (mb / decodeSeconds), 100 * decode.cpuSeconds() / job.cpuSeconds(),
          100 * decoding / (seconds * n), 100 * preprocessing / (seconds * n),
          100 * (1 - decoding / (seconds * n)), peakHeapMb());
      if (firstCores == 0) {
        firstSeconds = seconds;
        firstCores = n;
      } else {
        out.printf("    speed-up local[%d] -> local[%d]: %.2fx%n", firstCores, n, firstSeconds / seconds);
      }
      BenchmarkFiles.deleteRecursively(output);
    }
    out.println("machine: " + machine.describe());
    return 0;
  }

  /** One uncounted run over a few hundred files, so class loading and JIT warm-up are not measured. */
  private static void warmUp(Path folder, List<Path> files, Path csv, Map<String, String> conf)
      throws IOException {
    Path sample = folder.resolve("warm-up.csv");
    List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
    Files.write(sample, rows.subList(0, Math.min(rows.size(), 301)), StandardCharsets.UTF_8);
    Path output = folder.resolve("out-warm-up");
    SparkSession spark = JobSession.create("swa benchmark warm-up", "local[2]", conf);
    try {
      PreparePosesJob.run(spark, new PreparePosesJob.Options(files.get(0).getParent().toString(), sample.toString(),
          output.toString(), false));
    } finally {
      spark.stop();
    }
    BenchmarkFiles.deleteRecursively(output);
  }

  private static void row(PrintStream out, String name, Timing timing, int files, double mb, int cores) {
    double seconds = timing.wallSeconds();
    out.printf("%-34s %8.1f %10.1f %9.1f %12.1f %10.1f%n", name, seconds, files / seconds, mb / seconds,
        mb / seconds / cores, mb / timing.cpuSeconds());
  }

  /**
   * Wall time, and CPU time of the threads doing the work (the bare decoder's thread; the job's tasks). On a
   * machine shared with other work, wall time also counts waiting for a core; CPU time does not, so MB per
   * CPU-second compares the job with the decoder whatever the load.
   */
  private record Timing(double wallSeconds, double cpuSeconds) {}

  /** Sums the CPU time of a job's tasks (running and deserializing them), as Spark's task metrics report it. */
  private static final class TaskCpu extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskMetrics() != null) {
        nanos.addAndGet(taskEnd.taskMetrics().executorCpuTime() + taskEnd.taskMetrics().executorDeserializeCpuTime());
      }
    }

    double seconds() {
      return nanos.get() / 1e9;
    }
  }

  /** The .pose files whose header is MediaPipe holistic (what prepare-poses keeps). */
  private static List<Path> holisticFiles(Path folder) throws IOException {
    List<Path> holistic = new ArrayList<>();
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : listing.filter(p -> p.toString().endsWith(".pose")).sorted().toList()) {
        PoseHeader header = PoseReader.readHeader(file);
        if (header.componentNames().containsAll(
            List.of("POSE_LANDMARKS", "FACE_LANDMARKS", "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS"))) {
          holistic.add(file);
        }
      }
    }
    if (holistic.isEmpty()) {
      throw new IllegalArgumentException(folder + ": no MediaPipe holistic .pose files to replicate");
    }
    return holistic;
  }

  /** Copies of the sources under new ids until {@code targetBytes}, and a CSV with a row per copy. */
  private static List<Path> replicate(List<Path> sources, Path corpus, Path csv, long targetBytes)
      throws IOException {
    Files.createDirectories(corpus);
    List<Path> files = new ArrayList<>();
    List<String> rows = new ArrayList<>(List.of("pose,videoLanguage,start,end,text,split"));
    long bytes = 0;
    try (ProgressBar bar = ConsoleProgress.builder("corpus", targetBytes / 1_000_000)
        .setUnit(" MB", 1).build()) {
      for (int copy = 0; bytes < targetBytes; copy++) {
        for (Path source : sources) {
          String name = "copy" + copy + "-" + source.getFileName();
          Path target = corpus.resolve(name);
          Files.copy(source, target);
          files.add(target);
          bytes += Files.size(target);
          rows.add(name + ",bench,,," + SIGN + "," + (copy % 10 == 0 ? "dev" : "train"));
          bar.stepTo(bytes / 1_000_000);
        }
      }
    }
    Files.write(csv, rows, StandardCharsets.UTF_8);
    return files;
  }

  /** What the bare decoder does with each file. */
  private enum Work { DECODE, PREPROCESS, KEPT_POINTS }

  /** Time to do {@code work} with every file on this thread, after a warm-up pass. */
  private static Timing bareDecoder(List<Path> files, Work work) throws IOException {
    long sink = 0;
    for (Path file : files.subList(0, Math.min(files.size(), 300))) {
      sink += process(file, work);
    }
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (Path file : files) {
      sink += process(file, work);
    }
    Timing timing = new Timing((System.nanoTime() - start) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    if (sink < 0) {
      throw new IllegalStateException("unreachable: frame counts are positive");
    }
    return timing;
  }

  /** The frames of {@code file} after {@code work}. */
  private static int process(Path file, Work work) throws IOException {
    if (work == Work.KEPT_POINTS) {
      try (FileChannel channel = FileChannel.open(file)) {
        Pose kept = PoseReader.read(file.toString(), channel, FrameRange.all(), PosePreprocessing::keptPoints);
        return PosePreprocessing.forTrainingDecodedReduced(kept).body().frames();
      }
    }
    Pose pose = PoseReader.read(file);
    return work == Work.PREPROCESS ? PosePreprocessing.forTraining(pose).body().frames() : pose.body().frames();
  }

  private static void resetPeakHeap() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum() / 1_000_000;
  }

}
