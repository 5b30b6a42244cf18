package org.signwriting.animation.benchmark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionSampler;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import org.signwriting.animation.util.TorchThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training-step time and animation latency of the diffusion model beside the same model in PyTorch eager
 * ({@code bench/diffusion_peer.py}), each measured right after the project's, and both against the machine's
 * single-precision matrix-multiplication peak.
 */
@Command(
    name = "diffusion",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Time the CAMDM diffusion model in DJL (PyTorch engine, CPU) beside the same",
      "model in PyTorch eager from Python (bench/diffusion_peer.py), each part of",
      "the peer right after the project's, so that both see the same load:",
      " 0. the sgemm peak: a 2048x2048x2048 float matrix product, in DJL and in",
      "    the peer's PyTorch;",
      " 1. training steps of the real trainer (windows, noising, forward, loss,",
      "    backward, AdamW, EMA, the loss read back) at --batch, after untimed",
      "    warm-up steps, with their GFLOP per CPU-second (3 x the forward",
      "    pass's multiply-adds x 2) as a share of the sgemm's;",
      " 2. the latency of animating one sign of --frames frames: 20-frame",
      "    chunks, each a full DDPM loop with classifier-free guidance.",
      "Each is measured by wall time and by the process's CPU time (all its",
      "threads): on a machine shared with other work the wall time mostly says",
      "how long the process waited for a core, the CPU time what it did.",
      "Data: synthetic smooth motion of the config's points x dims and random",
      "sign embeddings; speed does not depend on what the poses show.",
      "The peer needs a Python 3 with torch (e.g. Debian's python3-torch);",
      "without one it is reported as not measured. It gets the same thread",
      "count (OMP_NUM_THREADS, torch.set_num_threads).",
      "",
      "Example: OMP_WAIT_POLICY=PASSIVE swa benchmark diffusion --torch-threads 1",
    })
public final class DiffusionBenchmark implements Callable<Integer> {

  private static final int SGEMM_SIZE = 2048;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Diffusion config (default: conf/diffusion.json of the installation); its symbol slots and "
          + "pose-unit loss are set off, as the PyTorch peer has neither.")
  Path configFile;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Training batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--train-steps", paramLabel = "N", defaultValue = "5",
      description = "Timed training steps (default: ${DEFAULT-VALUE}).")
  int trainSteps;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
      description = "Untimed steps and animations first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "50",
      description = "Frames of the animated sign (default: ${DEFAULT-VALUE}, 2 s at 25 fps).")
  int frames;

  @Option(names = "--animations", paramLabel = "N", defaultValue = "5",
      description = "Timed animations (default: ${DEFAULT-VALUE}).")
  int animations;

  @Option(names = "--guidance", paramLabel = "S",
      description = "Guidance scale (default: the config's; 1 turns guidance off).")
  Float guidance;

  @Mixin
  TorchThreads torchThreads;

  @Mixin
  PeerPython python;

  @Option(names = "--no-peer", description = "Do not run the PyTorch peer.")
  boolean noPeer;

  @Override
  public Integer call() throws IOException {
    OptionValues.atLeast("--batch", batch, 1);
    OptionValues.atLeast("--train-steps", trainSteps, 1);
    OptionValues.atLeast("--warmup", warmup, 0);
    OptionValues.atLeast("--frames", frames, 1);
    OptionValues.atLeast("--animations", animations, 1);
    torchThreads.apply();
    Path configPath = configFile == null ? BenchmarkFiles.home().resolve("conf/diffusion.json") : configFile;
    DiffusionConfig read = DiffusionConfig.read(configPath);
    // The peer (bench/diffusion_peer.py) is the seed's model: the sign's embedding without symbol rows, the loss in
    // normalized units, true past motion. Both sides run that model.
    DiffusionConfig.Diffusion d = read.diffusion();
    DiffusionConfig base = read.withModel(read.model().withSymbols(0, false, false))
        .withLoss(read.loss().withPoseUnits(false)).withDiffusion(new DiffusionConfig.Diffusion(d.steps(),
            d.noiseSchedule(), d.conditionDropProbability(), d.guidanceScale()));
    DiffusionConfig.Training t = base.training();
    DiffusionConfig config = base.withTraining(new DiffusionConfig.Training(batch, t.epochs(), t.learningRate(),
        t.minLearningRateFactor(), t.weightDecay(), t.emaDecay(), Integer.MAX_VALUE));
    DiffusionConfig.Model m = config.model();
    float scale = guidance == null ? config.diffusion().guidanceScale() : guidance;
    int threads = torchThreads.threads != null ? torchThreads.threads : Runtime.getRuntime().availableProcessors();
    Peer peer = noPeer ? null : Peer.find("PyTorch eager", "diffusion_peer.py", python.command, Map.of(
        "OMP_NUM_THREADS", Integer.toString(threads), "OPENBLAS_NUM_THREADS", Integer.toString(threads),
        "MKL_NUM_THREADS", Integer.toString(threads)), List.of("torch"));
    List<String> peerArguments = List.of("--config", configPath.toAbsolutePath().toString(), "--threads",
        Integer.toString(threads), "--warmup", Integer.toString(warmup));
    PrintWriter out = spec.commandLine().getOut();
    Machine.Watch machine = Machine.watch();

    Timed sgemm = sgemm();
    PeerFigures peerSgemm = runPeer(peer, peerArguments, "sgemm");

    List<Sequence> sequences = syntheticSigns(m, batch, 120, 1);
    Path folder = Files.createTempDirectory("swa-diffusion-benchmark");
    try {
      Timed steps = trainingSteps(config, sequences, folder);
      PeerFigures peerSteps = runPeer(peer, join(peerArguments, "--batch", Integer.toString(batch), "--steps",
          Integer.toString(trainSteps)), "train");
      Timed animated = animations(folder, sequences.get(0), scale);
      PeerFigures peerAnimations = runPeer(peer, join(peerArguments, "--frames", Integer.toString(frames),
          "--runs", Integer.toString(animations), "--guidance", Float.toString(scale)), "animate");

      out.printf(Locale.ROOT, "diffusion: %d points × %d dims, latent %d, feed-forward %d, %d layers, %d heads, "
              + "%d past + %d future frames, %d diffusion steps; %d PyTorch threads%n",
          m.points(), m.dims(), m.latentSize(), m.feedForwardSize(), m.layers(), m.heads(), m.pastFrames(),
          m.futureFrames(), config.diffusion().steps(), threads);
      out.println("machine: " + machine.describe());
      out.printf(Locale.ROOT, "%-34s %22s %22s %7s%n", "median (min-max)", "project (DJL)", "peer (PyTorch)",
          "ratio");
      row(out, "sgemm " + SGEMM_SIZE + "³, GFLOP/s (wall)", sgemm.wall(), peerSgemm.samples("gflops"), false);
      row(out, "sgemm, GFLOP per CPU-second", sgemm.cpu(), peerSgemm.samples("cpu_gflops"), false);
      row(out, "training step (batch " + batch + "), ms", steps.wall(), peerSteps.samples("ms"), true);
      row(out, "training step, CPU ms", steps.cpu(), peerSteps.samples("cpu_ms"), true);
      double stepGflop = 3 * forwardGflop(m, m.tokens()) * batch;
      double executedGflop = 3 * forwardGflop(m, m.futureFrames()) * batch;
      double projectRate = executedGflop / steps.cpu().median() * 1e3;
      out.printf(Locale.ROOT, "  %.1f GFLOP a step as PyTorch computes it, %.1f as the project does (its last layer "
          + "computes the future rows only)%n", stepGflop, executedGflop);
      out.printf(Locale.ROOT, "  project %.1f GFLOP per CPU-second = %.0f %% of its sgemm's%s%n", projectRate,
          100 * projectRate / sgemm.cpu().median(), peerSteps.samples("cpu_ms") == null
              || peerSgemm.samples("cpu_gflops") == null ? "" : String.format(Locale.ROOT,
                  "; peer %.1f = %.0f %% of its sgemm's", stepGflop / peerSteps.samples("cpu_ms").median() * 1e3,
                  100 * stepGflop / peerSteps.samples("cpu_ms").median() * 1e3
                      / peerSgemm.samples("cpu_gflops").median()));
      int chunks = (frames + m.futureFrames() - 1) / m.futureFrames();
      row(out, String.format(Locale.ROOT, "animation, %d frames, ms", frames), animated.wall(),
          peerAnimations.samples("ms"), true);
      row(out, "animation, CPU ms", animated.cpu(), peerAnimations.samples("cpu_ms"), true);
      out.printf(Locale.ROOT, "  %d chunks × %d steps, guidance %s%n", chunks, config.diffusion().steps(),
          scale == 1f ? "off" : "scale " + scale);
      if (peer == null) {
        out.println("peer: not run (--no-peer)");
      } else if (peerSteps.figures() != null) {
        out.printf("peer: %s, torch %s, BLAS %s; ratio > 1: the project is faster; CPU: the process's, all "
            + "threads%n", peer.describe(), peerSteps.figures().get("torch").getAsString(),
            peerSteps.figures().get("blas").getAsString());
      } else {
        out.println("peer: not measured: " + peerSteps.problem());
      }
      out.flush();
      return 0;
    } finally {
      BenchmarkFiles.deleteRecursively(folder);
    }
  }

  /** Wall and process-CPU figures of the same runs. */
  private record Timed(Samples wall, Samples cpu) {}

  private Timed trainingSteps(DiffusionConfig config, List<Sequence> sequences, Path folder) throws IOException {
    long[] stepEnds = new long[warmup + trainSteps + 1];
    long[] cpuEnds = new long[warmup + trainSteps + 1];
    stepEnds[0] = System.nanoTime();
    cpuEnds[0] = Machine.processCpuNanos();
    try (ProgressBar bar = ConsoleProgress.bar("training steps", warmup + trainSteps)) {
      new DiffusionTrainer(config, folder).onProgress((step, last, loss) -> {
        stepEnds[step] = System.nanoTime();
        cpuEnds[step] = Machine.processCpuNanos();
        bar.step();
        ConsoleProgress.message(bar, String.format(Locale.ROOT, "loss %.4f", loss));
      }).train(new DiffusionTrainer.Data(sequences, List.of(), TrainingWindows.statistics(sequences)),
          DiffusionTrainer.Options.seeded(1, warmup + trainSteps));
    }
    double[] wall = new double[trainSteps];
    double[] cpu = new double[trainSteps];
    for (int i = 0; i < trainSteps; i++) {
      wall[i] = (stepEnds[warmup + i + 1] - stepEnds[warmup + i]) / 1e6;
      cpu[i] = (cpuEnds[warmup + i + 1] - cpuEnds[warmup + i]) / 1e6;
    }
    return new Timed(Samples.of(wall), Samples.of(cpu));
  }

  private Timed animations(Path folder, Sequence signed, float scale) throws IOException {
    double[] wall = new double[animations];
    double[] cpu = new double[animations];
    try (DiffusionSampler sampler = DiffusionSampler.open(folder);
        ProgressBar bar = ConsoleProgress.bar("animations", warmup + animations)) {
      float[] sign = sampler.condition(signed.signEmbedding(), signed.signWriting());
      for (int i = 0; i < warmup + animations; i++) {
        long seed = i;
        long cpuStart = Machine.processCpuNanos();
        double ms = Samples.millis(() -> sampler.animate(sign, frames, scale, seed));
        if (i >= warmup) {
          wall[i - warmup] = ms;
          cpu[i - warmup] = (Machine.processCpuNanos() - cpuStart) / 1e6;
        }
        bar.step();
      }
    }
    return new Timed(Samples.of(wall), Samples.of(cpu));
  }

  /**
   * GFLOP/s of a single-precision matrix product of {@value #SGEMM_SIZE}², by wall time and per CPU-second of
   * the process, 5 runs after one warm-up.
   */
  static Timed sgemm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomNormal(new Shape(SGEMM_SIZE, SGEMM_SIZE));
      NDArray b = manager.randomNormal(new Shape(SGEMM_SIZE, SGEMM_SIZE));
      a.matMul(b).close();
      double flop = 2.0 * SGEMM_SIZE * SGEMM_SIZE * SGEMM_SIZE;
      double[] wall = new double[5];
      double[] cpu = new double[5];
      for (int i = 0; i < wall.length; i++) {
        long cpuStart = Machine.processCpuNanos();
        wall[i] = flop / Samples.millis(() -> a.matMul(b).close()) / 1e6;
        cpu[i] = flop / (Machine.processCpuNanos() - cpuStart);
      }
      return new Timed(Samples.of(wall), Samples.of(cpu));
    }
  }

  /**
   * Multiply-add FLOPs (× 2) of one sample's forward pass, the matrix products only: input projections, the
   * encoder layers (fused QKV, attention, output projection, feed-forward) and the heads, with the last layer's
   * queries, attention, output projection and feed-forward for {@code lastLayerRows} tokens.
   */
  static double forwardGflop(DiffusionConfig.Model m, int lastLayerRows) {
    double d = m.latentSize();
    double tokens = m.tokens();
    double frame = m.frameSize();
    double rowWork = 2 * d * d + 2 * d * m.feedForwardSize(); // query, output projection, feed-forward
    double layer = tokens * (2 * d * d + rowWork) + 2 * tokens * tokens * d;
    double lastLayer = tokens * 2 * d * d + lastLayerRows * rowWork + 2 * lastLayerRows * tokens * d;
    double projections = (m.pastFrames() + 2.0 * m.futureFrames()) * frame * d + 2 * d * d
        + 2 * m.signEmbeddingSize() * d + d;
    return 2 * ((m.layers() - 1) * layer + lastLayer + projections) / 1e9;
  }

  /** A row: the project's and the peer's medians, and how many times faster the project is. */
  private static void row(PrintWriter out, String name, Samples mine, Samples theirs, boolean time) {
    String format = mine.median() >= 100 ? "%,.0f" : "%.1f";
    out.printf(Locale.ROOT, "%-34s %22s %22s %7s%n", name, mine.describe(format),
        theirs == null ? "not measured" : theirs.describe(format), theirs == null ? "-" : String.format(Locale.ROOT,
            "%.2fx", time ? theirs.median() / mine.median() : mine.median() / theirs.median()));
  }

  /** What the peer printed for one part, or why it printed nothing. */
  private record PeerFigures(JsonObject figures, String problem) {

    /** A field of the peer's figures (a number or a list of them), or null. */
    Samples samples(String field) {
      if (figures == null || !figures.has(field)) {
        return null;
      }
      return figures.get(field).isJsonArray() ? Peer.samples(figures, field)
          : Samples.of(figures.get(field).getAsDouble());
    }
  }

  private static PeerFigures runPeer(Peer peer, List<String> arguments, String mode) {
    if (peer == null) {
      return new PeerFigures(null, "not run (--no-peer)");
    }
    if (!peer.available()) {
      return new PeerFigures(null, peer.unavailableReason());
    }
    try {
      return new PeerFigures(peer.run(join(arguments, "--mode", mode), 3600), null);
    } catch (IOException e) {
      return new PeerFigures(null, e.getMessage());
    }
  }

  private static List<String> join(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /** Smooth random motion: every coordinate a sum of two slow sinusoids of random phase and speed. */
  static List<Sequence> syntheticSigns(DiffusionConfig.Model m, int count, int frames, long seed) {
    Random random = new Random(seed);
    List<Sequence> sequences = new ArrayList<>();
    int size = m.frameSize();
    for (int s = 0; s < count; s++) {
      double[] phase = random.doubles(size, 0, 2 * Math.PI).toArray();
      double[] speed = random.doubles(size, 0.05, 0.3).toArray();
      double[] base = random.doubles(size, -1, 1).toArray();
      float[] data = new float[frames * size];
      for (int f = 0; f < frames; f++) {
        for (int i = 0; i < size; i++) {
          data[f * size + i] = (float) (base[i] + 0.2 * Math.sin(speed[i] * f + phase[i])
              + 0.1 * Math.sin(2.3 * speed[i] * f));
        }
      }
      float[] confidence = new float[frames * m.points()];
      Arrays.fill(confidence, 1);
      float[] sign = new float[m.signEmbeddingSize()];
      for (int i = 0; i < sign.length; i++) {
        sign[i] = (float) random.nextGaussian();
      }
      sequences.add(new Sequence("synthetic-" + s, frames, m.points(), m.dims(), data, confidence, sign, null));
    }
    return sequences;
  }
}
