package org.signwriting.animation.cli;

import org.signwriting.animation.util.ConsoleProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.signwriting.SignWriting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa benchmark signwriting-render}: signs per second on one thread over a sign corpus. */
@Command(
    name = "signwriting-render",
    mixinStandardHelpOptions = true,
    header = "Measure SignWriting rendering (signs/s on one thread) beside the reference visualizer.",
    description = {
      "Over the DGS corpus (3,772 real signs) by default, measures parsing alone, rendering (parse and draw the "
          + "reference's default image), the 224x224 model input, and the model input encoded as PNG. One "
          + "warm-up round (JIT, glyph cache), then the best of --rounds. The reference visualizer renders about "
          + "4,950 signs/s on one core of the development machine.",
      "",
      "Example (pinned to one core):",
      "  taskset -c 0 swa benchmark signwriting-render"
    })
final class SignWritingRenderBenchmark implements Callable<Integer> {
  /** Reference visualizer, signs per second on one core of the development machine (issue 3). */
  static final double REFERENCE_SIGNS_PER_SECOND = 4950;

  @Option(names = "--signs", paramLabel = "FILE",
      description = "Sign list: JSON (strings, objects with 'signwriting', or an object of lists) or one sign "
          + "per line (default: the DGS corpus in ../shared/data/signwriting).")
  Path signsFile;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Timed rounds per measurement; the best is reported (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    }
    Path file = signsFile != null ? signsFile : defaultCorpus();
    List<String> texts = SignLists.read(file);
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(file + ": no signs");
    }
    // A bad sign fails here, with its message, before anything is timed.
    texts.forEach(SignWriting::parse);
    String[] stages = {"parse", "render", "model input", "model input + PNG"};
    List<Consumer<String>> work = List.of(
        SignWriting::parse,
        SignRenderer::render,
        SignRenderer::modelInputImage,
        text -> SignRenderer.png(SignRenderer.modelInputImage(text), text));
    double[] best = new double[stages.length];
    long steps = (long) stages.length * (rounds + 1) * texts.size();
    try (ProgressBar progress = ConsoleProgress.builder("signwriting-render", steps)
        .continuousUpdate().build()) {
      for (int stage = 0; stage < stages.length; stage++) {
        for (int round = 0; round <= rounds; round++) {
          long start = System.nanoTime();
          texts.forEach(work.get(stage));
          double perSecond = texts.size() / ((System.nanoTime() - start) / 1e9);
          if (round > 0) { // round 0 warms up
            best[stage] = Math.max(best[stage], perSecond);
          }
          progress.stepBy(texts.size());
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("signwriting-render: %,d signs from %s, one thread, best of %d rounds%n",
        texts.size(), file, rounds);
    for (int stage = 0; stage < stages.length; stage++) {
      out.printf("  %-18s %,10.0f signs/s%n", stages[stage], best[stage]);
    }
    out.printf("  reference visualizer %,8.0f signs/s (render, one core); ratio %.2fx%n",
        REFERENCE_SIGNS_PER_SECOND, best[1] / REFERENCE_SIGNS_PER_SECOND);
    out.flush();
    return 0;
  }

  private static Path defaultCorpus() {
    String home = System.getProperty("swa.home", ".");
    return Path.of(home).resolve("../shared/data/signwriting/dgs-hamnosys-signwriting-parallel.json")
        .normalize();
  }
}
