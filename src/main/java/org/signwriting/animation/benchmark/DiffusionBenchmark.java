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
      "    warm-up steps, with their rate in GFLOP/s (3 x the forward pass's",
      "    multiply-adds x 2) and its share of the sgemm peak;",
      " 2. the latency of animating one sign of --frames frames: 20-frame",
      "    chunks, each a full DDPM loop with classifier-free guidance.",
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
      description = "Diffusion config (default: conf/diffusion.json of the installation).")
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
    if (batch < 1 || trainSteps < 1 || warmup < 0 || frames < 1 || animations < 1) {
      throw new IllegalArgumentException("--batch, --train-steps, --frames and --animations must be at least 1, "
          + "--warmup at least 0");
    }
    torchThreads.apply();
    Path configPath = configFile == null ? BenchmarkFiles.home().resolve("conf/diffusion.json") : configFile;
    DiffusionConfig base = DiffusionConfig.read(configPath);
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

    double sgemm = sgemmGflops();
    PeerFigures peerSgemm = runPeer(peer, peerArguments, "sgemm");

    List<Sequence> sequences = syntheticSigns(m, batch, 120, 1);
    Path folder = Files.createTempDirectory("swa-diffusion-benchmark");
    try {
      Samples stepMs = trainingSteps(config, sequences, folder);
      PeerFigures peerSteps = runPeer(peer, join(peerArguments, "--batch", Integer.toString(batch), "--steps",
          Integer.toString(trainSteps)), "train");
      Samples animationMs = animations(folder, sequences.get(0).signEmbedding(), scale);
      PeerFigures peerAnimations = runPeer(peer, join(peerArguments, "--frames", Integer.toString(frames),
          "--runs", Integer.toString(animations), "--guidance", Float.toString(scale)), "animate");

      out.printf(Locale.ROOT, "diffusion: %d points × %d dims, latent %d, feed-forward %d, %d layers, %d heads, "
              + "%d past + %d future frames, %d diffusion steps; %d PyTorch threads%n",
          m.points(), m.dims(), m.latentSize(), m.feedForwardSize(), m.layers(), m.heads(), m.pastFrames(),
          m.futureFrames(), config.diffusion().steps(), threads);
      out.println("machine: " + machine.describe());
      out.printf(Locale.ROOT, "%-32s %22s %22s %7s%n", "median (min-max)", "project (DJL)", "peer (PyTorch)",
          "ratio");
      out.printf(Locale.ROOT, "%-32s %22s %22s %7s%n", "sgemm " + SGEMM_SIZE + "³, GFLOP/s",
          String.format(Locale.ROOT, "%.1f", sgemm), peerSgemm.describe(f -> f.get("gflops").getAsDouble(), "%.1f"),
          peerSgemm.ratio(f -> sgemm / f.get("gflops").getAsDouble()));
      double stepGflop = 3 * forwardGflop(m) * batch;
      row(out, "training step (batch " + batch + "), ms", stepMs, peerSteps);
      out.printf(Locale.ROOT, "  %.1f GFLOP per step: project %.1f GFLOP/s = %.0f %% of its sgemm peak%s%n",
          stepGflop, stepGflop / stepMs.median() * 1e3, 100 * stepGflop / stepMs.median() * 1e3 / sgemm,
          peerSteps.figures == null || peerSgemm.figures == null ? "" : String.format(Locale.ROOT,
              "; peer %.1f GFLOP/s = %.0f %% of its peak", stepGflop / peerSteps.samples.median() * 1e3,
              100 * stepGflop / peerSteps.samples.median() * 1e3 / peerSgemm.figures.get("gflops").getAsDouble()));
      int chunks = (frames + m.futureFrames() - 1) / m.futureFrames();
      row(out, String.format(Locale.ROOT, "animation, %d frames, ms", frames), animationMs, peerAnimations);
      out.printf(Locale.ROOT, "  %d chunks × %d steps, guidance %s%n", chunks, config.diffusion().steps(),
          scale == 1f ? "off" : "scale " + scale);
      if (peer == null) {
        out.println("peer: not run (--no-peer)");
      } else if (peerSteps.figures != null) {
        out.printf("peer: %s, torch %s, BLAS %s; ratio > 1: the project is faster%n", peer.describe(),
            peerSteps.figures.get("torch").getAsString(), peerSteps.figures.get("blas").getAsString());
      } else {
        out.println("peer: not measured: " + peerSteps.problem);
      }
      out.flush();
      return 0;
    } finally {
      BenchmarkFiles.deleteRecursively(folder);
    }
  }

  private Samples trainingSteps(DiffusionConfig config, List<Sequence> sequences, Path folder) throws IOException {
    long[] stepEnds = new long[warmup + trainSteps + 1];
    stepEnds[0] = System.nanoTime();
    try (ProgressBar bar = ConsoleProgress.bar("training steps", warmup + trainSteps)) {
      new DiffusionTrainer(config, folder).onProgress((step, last, loss) -> {
        stepEnds[step] = System.nanoTime();
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
      }).train(new DiffusionTrainer.Data(sequences, List.of(), TrainingWindows.statistics(sequences)),
          DiffusionTrainer.Options.seeded(1, warmup + trainSteps));
    }
    double[] stepMs = new double[trainSteps];
    for (int i = 0; i < trainSteps; i++) {
      stepMs[i] = (stepEnds[warmup + i + 1] - stepEnds[warmup + i]) / 1e6;
    }
    return Samples.of(stepMs);
  }

  private Samples animations(Path folder, float[] sign, float scale) throws IOException {
    double[] latencyMs = new double[animations];
    try (DiffusionSampler sampler = DiffusionSampler.open(folder);
        ProgressBar bar = ConsoleProgress.bar("animations", warmup + animations)) {
      for (int i = 0; i < warmup + animations; i++) {
        long seed = i;
        double ms = Samples.millis(() -> sampler.animate(sign, frames, scale, seed));
        if (i >= warmup) {
          latencyMs[i - warmup] = ms;
        }
        bar.step();
      }
    }
    return Samples.of(latencyMs);
  }

  /** GFLOP/s of a single-precision matrix product of {@value #SGEMM_SIZE}², median of 5 after one warm-up. */
  static double sgemmGflops() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomNormal(new Shape(SGEMM_SIZE, SGEMM_SIZE));
      NDArray b = manager.randomNormal(new Shape(SGEMM_SIZE, SGEMM_SIZE));
      double[] ms = new double[6];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = Samples.millis(() -> a.matMul(b).close());
      }
      double median = Samples.of(Arrays.copyOfRange(ms, 1, ms.length)).median();
      return 2.0 * SGEMM_SIZE * SGEMM_SIZE * SGEMM_SIZE / median / 1e6;
    }
  }

  /**
   * Multiply-add FLOPs (× 2) of one sample's forward pass, the matrix products only: input projections, the
   * encoder layers (fused QKV, attention, output projection, feed-forward) and the heads.
   */
  static double forwardGflop(DiffusionConfig.Model m) {
    double d = m.latentSize();
    double tokens = m.tokens();
    double frame = m.frameSize();
    double layer = tokens * (4 * d * d + 2 * d * m.feedForwardSize()) + 2 * tokens * tokens * d;
    double projections = (m.pastFrames() + 2.0 * m.futureFrames()) * frame * d + 2 * d * d
        + 2 * m.signEmbeddingSize() * d + d;
    return 2 * (m.layers() * layer + projections) / 1e9;
  }

  private void row(PrintWriter out, String name, Samples mine, PeerFigures theirs) {
    out.printf(Locale.ROOT, "%-32s %22s %22s %7s%n", name, mine.describe("%,.0f"),
        theirs.figures == null ? theirs.brief() : theirs.samples.describe("%,.0f"),
        theirs.ratio(f -> theirs.samples.median() / mine.median()));
  }

  /** What the peer printed for one part (or why it did not), with its milliseconds when it printed any. */
  private record PeerFigures(JsonObject figures, Samples samples, String problem) {

    String describe(java.util.function.Function<JsonObject, Double> figure, String format) {
      return figures == null ? brief() : String.format(Locale.ROOT, format, figure.apply(figures));
    }

    String ratio(java.util.function.Function<JsonObject, Double> ratio) {
      return figures == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio.apply(figures));
    }

    String brief() {
      return problem == null ? "not run" : "not measured";
    }
  }

  private static PeerFigures runPeer(Peer peer, List<String> arguments, String mode) {
    if (peer == null) {
      return new PeerFigures(null, null, null);
    }
    if (!peer.available()) {
      return new PeerFigures(null, null, peer.unavailableReason());
    }
    try {
      JsonObject figures = peer.run(join(arguments, "--mode", mode), 3600);
      return new PeerFigures(figures, figures.has("ms") ? Peer.samples(figures, "ms") : null, null);
    } catch (IOException e) {
      return new PeerFigures(null, null, e.getMessage());
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
      sequences.add(new Sequence("synthetic-" + s, frames, m.points(), m.dims(), data, confidence, sign));
    }
    return sequences;
  }
}
