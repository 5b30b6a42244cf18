package org.signwriting.animation.benchmark;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swa benchmark pose-decode}: .pose decoding throughput on one thread, beside a plain read and
 * pose-format's Python reader timed in the same run.
 */
@Command(
    name = "pose-decode",
    mixinStandardHelpOptions = true,
    header = "Measure .pose decoding (MB/s, files/s) beside a plain read of the same bytes.",
    description = {
      "Reads and decodes every .pose file of DIR again and again on one thread, in three modes:",
      "  plain read      the file's bytes into memory, nothing else",
      "  decode          bytes already in memory into a Pose (all frames)",
      "  read + decode   PoseReader.read(file), what a caller pays",
      "Each mode is measured --repeats times after uncounted warm-up rounds; the modes take turns, so they "
          + "share the machine's load. The median and the best are printed. MB are 10^6 bytes.",
      "",
      "Then pose-format's Python reader (bench/pose_peer.py: Pose.read of the same bytes in memory) is timed the "
          + "same way and set beside 'decode'. It needs a Python 3 with numpy and pose_format installed, or "
          + "--peer-pose-format naming the folder that holds pose_format (src/python of a checkout of "
          + "sign-language-processing/pose); without it the peer is reported as not measured.",
      "",
      "Example:",
      "  swa benchmark pose-decode ../shared/data/poses --rounds 100 --peer-pose-format ~/src/pose/src/python",
    })
final class PoseDecodeBenchmark implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", defaultValue = "../shared/data/poses", arity = "0..1",
      description = "Folder of .pose files (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--rounds", defaultValue = "50",
      description = "Passes over all files per measurement (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--repeats", defaultValue = "7",
      description = "Measurements per mode (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup-rounds", defaultValue = "100",
      description = "Uncounted passes per mode before measuring (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(names = "--peer-pose-format", paramLabel = "DIR",
      description = "Folder holding the Python pose_format package, when it is not installed (default: "
          + "$SWA_PEER_POSE_FORMAT).")
  Path peerPackage;

  @Mixin
  PeerPython python;

  /** Keeps the decoded results observable, so the JIT cannot drop the work. */
  private long sink;

  private interface Pass {
    void run(int file) throws IOException;
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such folder (give the folder of .pose files to decode)");
    }
    OptionValues.atLeast("--rounds", rounds, 1);
    OptionValues.atLeast("--repeats", repeats, 1);
    OptionValues.atLeast("--warmup-rounds", warmupRounds, 0);
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".pose")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(dir + ": no .pose files");
    }
    byte[][] contents = new byte[files.size()][];
    long bytesPerRound = 0;
    for (int i = 0; i < contents.length; i++) {
      contents[i] = Files.readAllBytes(files.get(i));
      bytesPerRound += contents[i].length;
    }

    String[] names = {"plain read", "decode", "read + decode"};
    Pass[] passes = {
        i -> sink += Files.readAllBytes(files.get(i)).length,
        i -> sink += consume(PoseReader.read(files.get(i).toString(), contents[i], FrameRange.all())),
        i -> sink += consume(PoseReader.read(files.get(i))),
    };
    Machine.Watch machine = Machine.watch();
    double[][] seconds = new double[passes.length][repeats];
    try (ProgressBar progress = ConsoleProgress.bar("pose-decode",
        (long) passes.length * (warmupRounds + (long) repeats * rounds))) {
      for (Pass pass : passes) {
        run(pass, warmupRounds, files.size(), progress);
      }
      for (int r = 0; r < repeats; r++) {
        for (int p = 0; p < passes.length; p++) {
          seconds[p][r] = run(passes[p], rounds, files.size(), progress);
        }
      }
    }
    Object peer = peer(files);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("pose-decode: %d files, %.1f MB per round, %d rounds x %d repeats, one thread%n", files.size(),
        bytesPerRound / 1e6, rounds, repeats);
    out.println("machine: " + machine.describe());
    out.printf("%-16s %12s %12s %12s %12s%n", "", "MB/s median", "MB/s best", "files/s med.", "files/s best");
    double megabytes = bytesPerRound * (double) rounds / 1e6;
    double fileCount = (double) files.size() * rounds;
    Samples[] measured = new Samples[passes.length];
    for (int p = 0; p < passes.length; p++) {
      measured[p] = Samples.of(seconds[p]);
      row(out, names[p], measured[p], megabytes, fileCount);
    }
    if (peer instanceof Samples theirs) {
      row(out, "pose-format", theirs, megabytes, fileCount);
      out.printf(Locale.ROOT, "peer: pose-format's Pose.read of the same bytes in memory, %d rounds x %d repeats "
          + "right after; decode / peer (medians): %.1fx%n", rounds, repeats, theirs.median()
          / measured[1].median());
    } else {
      out.println("peer: not measured: " + peer);
    }
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String name, Samples seconds, double megabytes, double fileCount) {
    out.printf("%-16s %12.0f %12.0f %12.0f %12.0f%n", name, megabytes / seconds.median(),
        megabytes / seconds.min(), fileCount / seconds.median(), fileCount / seconds.min());
  }

  /** pose-format's seconds per measurement over the same files, or why they were not measured. */
  private Object peer(List<Path> files) throws IOException {
    Map<String, String> environment = new HashMap<>();
    String folder = peerPackage != null ? peerPackage.toAbsolutePath().toString()
        : System.getenv("SWA_PEER_POSE_FORMAT");
    if (folder != null) {
      environment.put("PYTHONPATH", folder);
    }
    Peer peer = Peer.find("pose-format", "pose_peer.py", python.command, environment, List.of("pose_format"));
    if (!peer.available()) {
      return peer.unavailableReason() + "; give --peer-pose-format DIR (src/python of a checkout of "
          + "sign-language-processing/pose)";
    }
    Path list = Files.createTempFile("swa-poses-", ".txt");
    try {
      Files.write(list, files.stream().map(p -> p.toAbsolutePath().toString()).toList(), StandardCharsets.UTF_8);
      JsonObject figures = peer.run(List.of("--files", list.toString(), "--rounds", Integer.toString(rounds),
          "--repeats", Integer.toString(repeats)), 3600);
      return Peer.samples(figures, "seconds");
    } catch (IOException e) {
      return e.getMessage();
    } finally {
      Files.deleteIfExists(list);
    }
  }

  /** Seconds for {@code rounds} passes over all files. */
  private static double run(Pass pass, int rounds, int fileCount, ProgressBar progress) throws IOException {
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < fileCount; i++) {
        pass.run(i);
      }
      progress.step();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static long consume(Pose pose) {
    float[] data = pose.body().data();
    return pose.body().frames() + (data.length == 0 ? 0 : Float.floatToRawIntBits(data[data.length - 1]));
  }
}
