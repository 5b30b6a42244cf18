package org.signwriting.animation.benchmark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.Replica;
import org.signwriting.animation.diffusion.TrainingJob;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.spark.ClusterTrainer;
import org.signwriting.animation.spark.ClusterTrainingData;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.spark.Throughput;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swa benchmark train-scaling}: data-parallel training on the executors with 1, 2, ... workers and
 * synchronization every K steps, measured (samples per second, the share of the time spent synchronizing, bytes per
 * synchronization), then the same costs on paper for a larger cluster.
 */
@Command(name = "train-scaling", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trains on the executors with each number of --workers and each --sync-every,",
        "unconditionally on a prepare-poses table, and prints samples/s, the share of the",
        "workers' time spent synchronizing (the gradients or weights through the",
        "driver's barrier allGather) and the bytes each worker sends per synchronization.",
        "Each measured run follows an unmeasured warm-up run of the same shape.",
        "Then, on paper, what one synchronization moves for the model and the K that",
        "keeps synchronization under 10 %% of the time on --paper-workers workers.",
        "",
        "Example (a standalone cluster of two one-core workers):",
        "  swa benchmark train-scaling --poses prepared/ --master spark://host:7077 \\",
        "      --workers 1,2 --sync-every 1,16 --steps 32"
    })
final class TrainScalingBenchmark implements Callable<Integer> {
  @Option(names = "--poses", required = true, paramLabel = "DIR", description = "A prepare-poses output.")
  Path poses;

  @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL",
      description = "Spark master (default: ${DEFAULT-VALUE}: both workers in this JVM).")
  String master;

  @Option(names = "--workers", split = ",", defaultValue = "1,2", paramLabel = "N",
      description = "Numbers of workers (default: ${DEFAULT-VALUE}).")
  List<Integer> workers;

  @Option(names = "--sync-every", split = ",", defaultValue = "1,16", paramLabel = "K",
      description = "Synchronization intervals (default: ${DEFAULT-VALUE}).")
  List<Integer> syncEvery;

  @Option(names = "--steps", defaultValue = "32", paramLabel = "N",
      description = "Measured steps per run (default: ${DEFAULT-VALUE}); the warm-up takes a quarter.")
  int steps;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Model and batch (default: conf/diffusion.json, the model trained for real).")
  Path config;

  @Option(names = "--paper-workers", defaultValue = "8", paramLabel = "N",
      description = "Workers of the on-paper cluster (default: ${DEFAULT-VALUE}).")
  int paperWorkers;

  @Option(names = "--paper-step-ms", defaultValue = "30", paramLabel = "MS",
      description = "A training step on one of its GPUs, in ms (default: ${DEFAULT-VALUE}).")
  double paperStepMs;

  @Option(names = "--paper-driver-gbps", defaultValue = "10", paramLabel = "GBIT/S",
      description = "The driver's network bandwidth, Gbit/s (default: ${DEFAULT-VALUE}).")
  double paperDriverGbps;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (int n : workers) {
      OptionValues.atLeast("--workers", n, 1);
    }
    for (int k : syncEvery) {
      OptionValues.atLeast("--sync-every", k, 1);
    }
    OptionValues.atLeast("--steps", steps, 1);
    PrintWriter out = spec.commandLine().getOut();
    Machine.Watch machine = Machine.watch();
    PoseHeader header = PoseReader.readHeader(poses.resolve(PreparedPoses.HEADER_FILE));
    DiffusionConfig base = config == null ? DiffusionConfig.readDefault() : DiffusionConfig.read(config);
    DiffusionConfig.Model m = base.model();
    DiffusionConfig shaped = base.withModel(m.withShape(header.totalPoints(), header.dims(), m.signEmbeddingSize()));
    out.printf(Locale.ROOT, "model: latent %d, %d layers, batch %d; %s, master %s%n", m.latentSize(), m.layers(),
        shaped.training().batchSize(), Machine.describe(), master);
    out.println("| workers | sync every | samples/s | computing | synchronizing | bytes per worker and sync | syncs |");
    out.println("|---|---|---|---|---|---|---|");
    Path scratch = Files.createTempDirectory("swa-train-scaling");
    SparkSession spark = JobSession.create("swa benchmark train-scaling", master, java.util.Map.of());
    try {
      for (int n : workers) {
        for (int k : syncEvery) {
          if (n == 1 && k != syncEvery.get(0)) {
            continue; // one worker never synchronizes: one row is enough
          }
          run(spark, header, shaped, n, k, Math.max(2, steps / 4), scratch.resolve("warm-" + n + "-" + k));
          Throughput measured = run(spark, header, shaped, n, k, steps, scratch.resolve("run-" + n + "-" + k));
          out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f %% | %.1f %% | %,d | %d |%n", n, k,
              measured.samplesPerSecond(), 100 * measured.computeShare(), 100 * measured.syncShare(),
              measured.bytesPerSync(), measured.syncs());
          out.flush();
        }
      }
    } finally {
      spark.stop();
      BenchmarkFiles.deleteRecursively(scratch);
    }
    out.println(machine.describe());
    // Counted after the runs: the first DJL use of the JVM fixes PyTorch's threads, which the runs' tasks set.
    try (Replica replica = new Replica(shaped, null, null, 1)) {
      paper(out, replica.parameterCount());
    }
    return 0;
  }

  private Throughput run(SparkSession spark, PoseHeader header, DiffusionConfig config, int n, int k, int runSteps,
      Path folder) throws Exception {
    DiffusionConfig oneStage = config.withCheckpointEvery(runSteps);
    ClusterTrainingData data = ClusterTrainingData.open(spark, poses.toString(), null, header, true,
        new ClusterTrainer.Settings(n, k, ClusterTrainer.DEFAULT_SHUFFLE_BUFFER,
            (int) ClusterTrainer.DEFAULT_CHUNK_BYTES));
    PoseStatistics statistics = data.statistics(true);
    data.train(new TrainingJob(oneStage, new ModelFolder(folder), statistics, List.of(),
        new DiffusionTrainer.Options(1, runSteps, 0, true, false, null), (step, last, loss) -> { }));
    return data.throughput();
  }

  /** The synchronization of the allGather design on a larger cluster, computed. */
  private void paper(PrintWriter out, int parameters) {
    double vector = 4.0 * parameters;
    double message = vector * 4 / 3; // base64
    int n = paperWorkers;
    double driverBytes = (double) n * message + (double) n * n * message;
    double seconds = driverBytes * 8 / (paperDriverGbps * 1e9);
    double ring = 2.0 * (n - 1) / n * vector * 8 / (paperDriverGbps * 1e9);
    double step = paperStepMs / 1000;
    // Synchronization under 10 % of the time: t / (K · step + t) < 0.1, so K > 9 t / step.
    int k = (int) Math.floor(9 * seconds / step) + 1;
    out.printf(Locale.ROOT, "on paper, %d workers, %.0f ms a step, a %.0f Gbit/s driver: one synchronization "
            + "moves %,.0f bytes of float32 per worker (%,.0f as base64); through the driver's allGather it takes in "
            + "%,.0f bytes and sends %,.0f (every message to every worker), %.2f s; synchronization stays under "
            + "10 %% of the time from K = %d (a ring all-reduce between the workers would move %,.0f bytes per "
            + "worker, %.3f s: K = %d)%n",
        n, paperStepMs, paperDriverGbps, vector, message, n * message, (double) n * n * message, seconds, k,
        2.0 * (n - 1) / n * vector, ring, (int) Math.floor(9 * ring / step) + 1);
  }
}
