package org.signwriting.animation.benchmark;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swa benchmark signwriting}: signs per second on one thread over a sign corpus, parsing and rendering
 * beside the Python reference ({@code signwriting} package) timed in the same run.
 */
@Command(
    name = "signwriting",
    aliases = "signwriting-render",
    mixinStandardHelpOptions = true,
    header = "Measure SignWriting parsing and rendering (signs/s, one thread) beside the Python reference.",
    description = {
      "Over the DGS corpus (3,772 real signs) by default, measures parsing (SignWriting.parse), rendering (parse "
          + "and draw the reference's default image), the 224x224 model input, and the model input encoded as "
          + "PNG: a warm-up (JIT, glyph cache), then --rounds timed rounds, each of whole passes over the signs "
          + "for --round-seconds; the median and the best are printed.",
      "",
      "Right after the project's parsing and rendering, the Python reference does the same on the same signs "
          + "(bench/signwriting_peer.py: the signwriting package's fsw_to_sign, and its visualizer's "
          + "signwriting_to_image), and the ratio of the medians is printed. It needs a Python 3 with the "
          + "signwriting package, or --peer-signwriting naming a folder that holds it (a checkout of "
          + "sign-language-processing/signwriting), plus Pillow and regex; without them the peer is reported as "
          + "not measured.",
      "",
      "Example (pinned to one core, the peer with it):",
      "  taskset -c 0 swa benchmark signwriting --peer-signwriting ~/src/signwriting"
    })
final class SignWritingBenchmark implements Callable<Integer> {
  /** Long enough for the JIT to compile the hot paths, so that rounds measure compiled code. */
  private static final double WARM_UP_SECONDS = 2;

  @Option(names = "--signs", paramLabel = "FILE",
      description = "Sign list: JSON (strings, objects with 'signwriting', or an object of lists) or one sign "
          + "per line (default: the DGS corpus in ../shared/data/signwriting).")
  Path signsFile;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Timed rounds per measurement (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--round-seconds", paramLabel = "S", defaultValue = "0.5",
      description = "Each round passes over all signs again until this many seconds have passed (default: "
          + "${DEFAULT-VALUE}); the warm-up lasts " + WARM_UP_SECONDS + " s.")
  double roundSeconds;

  @Option(names = "--peer-signwriting", paramLabel = "DIR",
      description = "Folder holding the Python signwriting package, when it is not installed (default: "
          + "$SWA_PEER_SIGNWRITING).")
  Path peerPackage;

  @Mixin
  PeerPython python;

  @Spec
  CommandSpec spec;

  /** Keeps the results observable, so that the JIT cannot drop the work. */
  private long sink;

  private record Stage(String name, ToIntFunction<String> work, String peerStage) {}

  /** Signs per second of whole passes over the signs until {@code seconds} have passed (at least one pass). */
  private double passes(Stage stage, List<String> texts, double seconds, ProgressBar progress) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long signs = 0;
    long now;
    do {
      for (String text : texts) {
        sink += stage.work().applyAsInt(text);
      }
      signs += texts.size();
      progress.stepBy(texts.size());
      now = System.nanoTime();
    } while (now < end);
    return signs / ((now - start) / 1e9);
  }

  @Override
  public Integer call() throws IOException {
    OptionValues.atLeast("--rounds", rounds, 1);
    if (!(roundSeconds >= 0)) {
      throw new IllegalArgumentException("--round-seconds must be a number of seconds >= 0, not " + roundSeconds);
    }
    Path file = signsFile != null ? signsFile
        : BenchmarkFiles.sharedData("signwriting/dgs-hamnosys-signwriting-parallel.json");
    List<String> texts = SignLists.read(file);
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(file + ": no signs");
    }
    // A bad sign fails here, with its message, before anything is timed.
    texts.forEach(SignWriting::parse);
    List<Stage> stages = List.of(
        new Stage("parse", text -> SignWriting.parse(text).size(), "parse"),
        new Stage("render", text -> SignRenderer.render(text).getWidth(), "render"),
        new Stage("model input", text -> SignRenderer.modelInputImage(text).getWidth(), null),
        new Stage("model input + PNG", text -> SignRenderer.png(SignRenderer.modelInputImage(text), text).length,
            null));
    Peer peer = findPeer();
    PrintWriter out = spec.commandLine().getOut();
    Machine.Watch machine = Machine.watch();
    Path signList = Files.createTempFile("swa-signs-", ".txt");
    List<Samples> project = new ArrayList<>();
    List<Object> peers = new ArrayList<>();
    try (ProgressBar progress = ConsoleProgress.builder("signwriting", -1).setUnit(" signs", 1)
        .continuousUpdate().build()) {
      Files.write(signList, texts, StandardCharsets.UTF_8);
      for (Stage stage : stages) {
        passes(stage, texts, WARM_UP_SECONDS, progress); // JIT, glyph cache
        double[] perSecond = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          perSecond[round] = passes(stage, texts, roundSeconds, progress);
        }
        project.add(Samples.of(perSecond));
        peers.add(stage.peerStage() == null ? null : runPeer(peer, stage.peerStage(), signList));
      }
    } finally {
      Files.deleteIfExists(signList);
    }
    out.printf(Locale.ROOT, "signwriting: %,d signs from %s, one thread, %d rounds of %s s after a warm-up%n",
        texts.size(), file, rounds, roundSeconds);
    out.println("machine: " + machine.describe());
    out.printf(Locale.ROOT, "%-18s %14s %14s %16s %10s%n", "stage", "signs/s median", "signs/s best",
        "peer median", "ratio");
    for (int i = 0; i < stages.size(); i++) {
      Samples mine = project.get(i);
      Object theirs = peers.get(i);
      String peerFigure = "-";
      String ratio = "-";
      if (theirs instanceof Samples s) {
        peerFigure = String.format(Locale.ROOT, "%,.0f", s.median());
        ratio = String.format(Locale.ROOT, "%.2fx", mine.median() / s.median());
      } else if (theirs != null) {
        peerFigure = "not measured";
      }
      out.printf(Locale.ROOT, "%-18s %,14.0f %,14.0f %16s %10s%n", stages.get(i).name(), mine.median(),
          mine.max(), peerFigure, ratio);
    }
    if (peer.available()) {
      out.printf("peer: %s, same signs, run right after each stage (parse: fsw_to_sign; render: "
          + "signwriting_to_image); ratio = project median / peer median%n", peer.describe());
    }
    for (Object theirs : peers) {
      if (theirs instanceof String reason) {
        out.println("peer: not measured: " + reason);
        break;
      }
    }
    out.flush();
    return sink == Long.MIN_VALUE ? 1 : 0;
  }

  private Peer findPeer() {
    Map<String, String> environment = new HashMap<>();
    Path folder = peerPackage != null ? peerPackage
        : System.getenv("SWA_PEER_SIGNWRITING") == null ? null : Path.of(System.getenv("SWA_PEER_SIGNWRITING"));
    if (folder != null) {
      environment.put("PYTHONPATH", folder.toAbsolutePath().toString());
    }
    return Peer.find("Python signwriting", "signwriting_peer.py", python.command, environment,
        List.of("signwriting.formats.fsw_to_sign", "signwriting.visualizer.visualize"));
  }

  /** The peer's signs per second for a stage, or why it was not measured. */
  private Object runPeer(Peer peer, String stage, Path signList) {
    if (!peer.available()) {
      return peer.unavailableReason() + "; give --peer-signwriting DIR (a checkout of "
          + "sign-language-processing/signwriting)";
    }
    try {
      JsonObject figures = peer.run(List.of("--signs", signList.toString(), "--stage", stage, "--rounds",
          Integer.toString(rounds), "--round-seconds", Double.toString(roundSeconds)), 600);
      return Peer.samples(figures, "per_second");
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
