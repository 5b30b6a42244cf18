package org.signwriting.animation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.data.TrainingWindows.Statistics;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionSampler;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training-step time and animation latency of the diffusion model, on synthetic motion of the config's
 * shape (the speed does not depend on what the poses show).
 */
@Command(
    name = "diffusion",
    mixinStandardHelpOptions = true,
    description = {
      "Time the CAMDM diffusion model in DJL (PyTorch engine, CPU):",
      " 1. training steps of the real trainer (windows, noising, forward, loss,",
      "    backward, AdamW, EMA) at --batch, after untimed warm-up steps;",
      " 2. the latency of animating one sign of --frames frames: 20-frame",
      "    chunks, each a full DDPM loop with classifier-free guidance (the",
      "    conditional and unconditional passes in one batch).",
      "Data: synthetic smooth motion of the config's points x dims and random",
      "sign embeddings; speed does not depend on what the poses show.",
      "Compare with the same model in PyTorch eager on the same machine.",
      "",
      "Example: swa benchmark diffusion --threads 1",
    })
public final class DiffusionBenchmarkCommand implements Callable<Integer> {

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

  @Option(names = "--threads", paramLabel = "N",
      description = "PyTorch intra-op threads (default: one per core); 1 keeps threads from waiting on "
          + "each other when the machine is shared with other busy processes.")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    if (batch < 1 || trainSteps < 1 || warmup < 0 || frames < 1 || animations < 1
        || (threads != null && threads < 1)) {
      throw new IllegalArgumentException("--batch, --train-steps, --frames, --animations and --threads must be at"
          + " least 1, --warmup at least 0");
    }
    if (threads != null) {
      // Read once when the engine starts, which happens below at the first tensor.
      System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
    }
    DiffusionConfig base = configFile == null ? DiffusionConfig.readDefault() : DiffusionConfig.read(configFile);
    DiffusionConfig.Training t = base.training();
    DiffusionConfig config = base.withTraining(new DiffusionConfig.Training(batch, t.epochs(), t.learningRate(),
        t.minLearningRateFactor(), t.weightDecay(), t.emaDecay(), Integer.MAX_VALUE));
    DiffusionConfig.Model m = config.model();
    float scale = guidance == null ? config.diffusion().guidanceScale() : guidance;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "model: %d points × %d dims, latent %d, feed-forward %d, %d layers, %d heads, "
            + "%d past + %d future frames, %d diffusion steps; %d cores, %s PyTorch threads%n",
        m.points(), m.dims(), m.latentSize(), m.feedForwardSize(), m.layers(), m.heads(), m.pastFrames(),
        m.futureFrames(), config.diffusion().steps(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"));

    List<Sequence> sequences = syntheticSigns(m, batch, 120, 1);
    Path folder = Files.createTempDirectory("swa-diffusion-benchmark");
    try {
      long[] stepEnds = new long[warmup + trainSteps + 1];
      stepEnds[0] = System.nanoTime();
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("training steps")
          .setInitialMax(warmup + trainSteps).setStyle(ProgressBarStyle.ASCII).build()) {
        new DiffusionTrainer(config, folder).onProgress((step, last, loss) -> {
          stepEnds[step] = System.nanoTime();
          bar.step();
          bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
        }).train(new DiffusionTrainer.Data(sequences, List.of(), Statistics.of(sequences)),
            DiffusionTrainer.Options.seeded(1, warmup + trainSteps));
      }
      double[] stepMs = new double[trainSteps];
      for (int i = 0; i < trainSteps; i++) {
        stepMs[i] = (stepEnds[warmup + i + 1] - stepEnds[warmup + i]) / 1e6;
      }
      out.printf(Locale.ROOT, "training step (batch %d): median %.1f ms, min %.1f ms over %d steps%n", batch,
          median(stepMs), Arrays.stream(stepMs).min().orElseThrow(), trainSteps);

      double[] latencyMs = new double[animations];
      try (DiffusionSampler sampler = DiffusionSampler.open(folder);
          ProgressBar bar = new ProgressBarBuilder().setTaskName("animations").setInitialMax(warmup + animations)
              .setStyle(ProgressBarStyle.ASCII).build()) {
        float[] sign = sequences.get(0).signEmbedding();
        for (int i = 0; i < warmup + animations; i++) {
          long start = System.nanoTime();
          sampler.animate(sign, frames, scale, i);
          if (i >= warmup) {
            latencyMs[i - warmup] = (System.nanoTime() - start) / 1e6;
          }
          bar.step();
        }
      }
      int chunks = (frames + m.futureFrames() - 1) / m.futureFrames();
      out.printf(Locale.ROOT, "animation of %d frames (%d chunks × %d steps, guidance %s): median %.1f ms, "
              + "min %.1f ms over %d runs%n", frames, chunks, config.diffusion().steps(),
          scale == 1f ? "off" : "scale " + scale, median(latencyMs), Arrays.stream(latencyMs).min().orElseThrow(),
          animations);
      out.flush();
      return 0;
    } finally {
      deleteTree(folder);
    }
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

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
