package org.signwriting.animation.benchmark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.serve.AnimationServer;
import org.signwriting.animation.signwriting.SignLists;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swa benchmark serve}: a load test of the HTTP animation service on 127.0.0.1, with the in-process
 * latency of the same animation beside it (what the service adds).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load-tests the animation service: starts it in this JVM on 127.0.0.1 (any",
      "free port) with --model-folder, --workers workers of one engine thread each,",
      "then --clients concurrent clients send --requests POST /animate requests",
      "(real DGS signs in turn, --frames frames each, seeds 1, 2, ...) after",
      "--warmup untimed ones. Prints the latency of the requests (p50, p90, p99,",
      "max), the throughput (requests/s and frames/s), the answers by status, and",
      "the median in-process latency of the same animation (SignAnimator.animate,",
      "no HTTP) measured right before (after the warm-up), so the service's own",
      "cost shows.",
      "With --url it loads an already running service instead (no in-process",
      "figure).",
      "",
      "Example:",
      "  swa benchmark serve --model-folder models/sign --clients 2 --requests 40"
    })
final class ServeBenchmark implements Callable<Integer> {

  @Option(names = "--model-folder", paramLabel = "DIR", description = "The model folder to serve.")
  Path modelFolder;

  @Option(names = "--url", paramLabel = "URL",
      description = "Load a running service (e.g. http://127.0.0.1:8080/) instead of starting one.")
  URI url;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "40",
      description = "Timed requests (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--clients", paramLabel = "N", defaultValue = "2",
      description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--workers", paramLabel = "N",
      description = "Workers of the service started here (default: one per core).")
  Integer workers;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "50",
      description = "Frames of each animation (default: ${DEFAULT-VALUE}, 2 s at 25 fps).")
  int frames;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "4",
      description = "Untimed requests first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--signs", paramLabel = "FILE",
      description = "Signs to send, in turn (default: the DGS corpus in ../shared/data/signwriting).")
  Path signsFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OptionValues.atLeast("--requests", requests, 1);
    OptionValues.atLeast("--clients", clients, 1);
    OptionValues.atLeast("--frames", frames, 1);
    OptionValues.atLeast("--warmup", warmup, 0);
    if (workers != null) {
      OptionValues.atLeast("--workers", workers, 1);
    }
    if ((modelFolder == null) == (url == null)) {
      throw new IllegalArgumentException("give --model-folder (start a service here) or --url (load a running "
          + "one)");
    }
    Path file = signsFile != null ? signsFile
        : BenchmarkFiles.sharedData("signwriting/dgs-hamnosys-signwriting-parallel.json");
    List<String> signs = SignLists.read(file).stream().limit(Math.max(requests + warmup, 1)).toList();
    if (signs.isEmpty()) {
      throw new IllegalArgumentException(file + ": no signs");
    }
    PrintWriter out = spec.commandLine().getOut();
    Machine.Watch machine = Machine.watch();
    if (url != null) {
      warmUp(url, signs);
      Result result = load(url, signs);
      report(out, result, null, "service at " + url, machine);
      return 0;
    }
    if (!Files.isDirectory(modelFolder)) {
      throw new NoSuchFileException(modelFolder.toString());
    }
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int workerCount = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    AnimationLimits limits = new AnimationLimits(1, Math.max(frames, 1), Math.max(frames, 1));
    try (SignAnimator animator = SignAnimator.open(modelFolder, limits)) {
      AnimationServer.Settings settings = new AnimationServer.Settings("127.0.0.1", 0, workerCount,
          Math.max(clients, 1), Duration.ofMinutes(5), Duration.ofMinutes(5), 1 << 14, modelFolder.toString());
      try (AnimationServer server = AnimationServer.start(AnimationServer.Animator.of(animator), settings)) {
        warmUp(server.uri(), signs);
        Samples inProcess = inProcess(animator, signs);
        Result result = load(server.uri(), signs);
        report(out, result, inProcess, String.format(Locale.ROOT, "service started here at %s, %d workers of "
            + "one engine thread", server.uri(), workerCount), machine);
      }
    }
    return 0;
  }

  /** The latency of the same animations in this JVM, one at a time (after the warm-up requests). */
  private Samples inProcess(SignAnimator animator, List<String> signs) {
    int runs = Math.min(8, Math.max(3, requests / 4));
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      String sign = signs.get(i % signs.size());
      long seed = i + 1;
      ms[i] = Samples.millis(() -> animator.animate(sign, frames, animator.guidanceScale(), seed));
    }
    return Samples.of(ms);
  }

  /** The requests' latencies, the run's wall seconds and this process's CPU seconds, the answers by status. */
  private record Result(Samples latencyMs, double seconds, double cpuSeconds, int ok,
      Map<Integer, Integer> byStatus) {}

  /** The untimed requests, one at a time: class loading, the JIT, the engine's first calls. */
  private void warmUp(URI base, List<String> signs) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < warmup; i++) {
      send(client, base.resolve("/animate?frames=" + frames), signs.get(i % signs.size()), i + 1);
    }
  }

  private Result load(URI base, List<String> signs) throws Exception {
    URI animate = base.resolve("/animate?frames=" + frames);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      AtomicInteger next = new AtomicInteger();
      double[] latency = new double[requests];
      int[] status = new int[requests];
      List<Future<?>> runs = new ArrayList<>();
      long start;
      long cpuStart;
      try (ProgressBar bar = ConsoleProgress.bar("requests", requests)) {
        start = System.nanoTime();
        cpuStart = Machine.processCpuNanos();
        for (int c = 0; c < clients; c++) {
          runs.add(pool.submit(() -> {
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
              long sent = System.nanoTime();
              status[i] = send(client, animate, signs.get((warmup + i) % signs.size()), warmup + i + 1);
              latency[i] = (System.nanoTime() - sent) / 1e6;
              bar.step();
            }
            return null;
          }));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (Machine.processCpuNanos() - cpuStart) / 1e9;
      Map<Integer, Integer> byStatus = new TreeMap<>();
      int ok = 0;
      for (int code : status) {
        byStatus.merge(code, 1, Integer::sum);
        ok += code == 200 ? 1 : 0;
      }
      return new Result(Samples.of(latency), seconds, cpuSeconds, ok, byStatus);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The status of one request (its body read whole); a request that fails outright counts as status 0. */
  private static int send(HttpClient client, URI animate, String sign, long seed) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(animate + "&seed=" + seed))
        .header("Content-Type", "text/plain; charset=utf-8")
        .timeout(Duration.ofMinutes(5))
        .POST(HttpRequest.BodyPublishers.ofString(sign)).build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private void report(PrintWriter out, Result result, Samples inProcess, String where, Machine.Watch machine) {
    out.printf(Locale.ROOT, "serve: %d requests of %d frames from %d clients (after %d warm-up), %s%n", requests,
        frames, clients, warmup, where);
    out.println("machine: " + machine.describe());
    Samples latency = result.latencyMs();
    out.printf(Locale.ROOT, "latency ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f%n", latency.median(),
        percentile(latency, 0.90), percentile(latency, 0.99), latency.max());
    out.printf(Locale.ROOT, "throughput: %.2f requests/s, %.0f frames/s (%d answered 200 in %.1f s)%n",
        result.ok() / result.seconds(), result.ok() * (double) frames / result.seconds(), result.ok(),
        result.seconds());
    out.println("answers by status: " + result.byStatus() + (result.byStatus().containsKey(0)
        ? " (0: no answer)" : ""));
    if (inProcess != null) {
      out.printf(Locale.ROOT, "CPU: %.0f ms a request (this process, service and clients, over the run)%n",
          1000 * result.cpuSeconds() / Math.max(1, result.ok()));
      out.printf(Locale.ROOT, "in-process animation (SignAnimator.animate, one at a time): median %.0f ms; the "
          + "service's p50 at %d clients is %.2fx that%n", inProcess.median(), clients,
          latency.median() / inProcess.median());
    }
    out.flush();
  }

  /** The value below which the fraction {@code q} of the samples lie (nearest rank). */
  static double percentile(Samples samples, double q) {
    double[] values = samples.values();
    int rank = (int) Math.ceil(q * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }
}
