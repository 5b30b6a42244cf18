package org.signwriting.animation.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.serve.AnimationServer;
import org.signwriting.animation.util.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa serve}: the animation service over HTTP, one model loaded once ({@link AnimationServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serves animate over HTTP: loads a model folder once and answers",
        "  POST /animate   the SignWriting (FSW or SWU) as the body; answers the .pose",
        "                  (?frames=N per sign, ?guidance=S, ?seed=N, ?preview=gif&width=PX)",
        "  GET  /health    200 and the server's state as JSON",
        "so that an app animates signs without paying the JVM's and the model's start-up",
        "for each. Errors are JSON {\"status\": N, \"error\": \"...\"}: 400 text that is not",
        "SignWriting or a bad parameter, 413 a body over --max-body-bytes, 422 signs or",
        "frames over the limits, 503 busy (all --workers sampling, --queue waiting, or",
        "no worker within --wait-seconds; an animation over --timeout-seconds).",
        "Each worker samples on one engine thread; by default one worker per core.",
        "Runs until stopped (Ctrl-C).",
        "",
        "Example:",
        "  swa serve --model-folder models/sign --port 8080 &",
        "  curl --data 'M518x529S14c20481x471S27106503x489' localhost:8080/animate -o sign.pose"
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"--model-folder", "--model_folder"}, required = true, paramLabel = "DIR",
      description = "A model folder written by train.")
  Path modelFolder;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
          + "interface).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port, printed at start).")
  int port;

  @Option(names = "--workers", paramLabel = "N",
      description = "Animations sampled at once, each on one engine thread (default: one per core).")
  Integer workers;

  @Option(names = "--queue", paramLabel = "N",
      description = "Requests that may wait for a worker; more are answered 503 (default: 4 per worker).")
  Integer queue;

  @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "10",
      description = "How long a request may wait for a worker before a 503 (default: ${DEFAULT-VALUE}).")
  double waitSeconds;

  @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "60",
      description = "How long one animation may sample before a 503 (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "16384",
      description = "Largest request body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--max-signs", paramLabel = "N", defaultValue = "20",
      description = "Signs in one request (default: ${DEFAULT-VALUE}).")
  int maxSigns;

  @Option(names = "--max-frames-per-sign", paramLabel = "N", defaultValue = "250",
      description = "Frames of one sign, asked for or predicted (default: ${DEFAULT-VALUE}, 10 s at 25 fps).")
  int maxFramesPerSign;

  @Option(names = "--max-frames", paramLabel = "N", defaultValue = "1500",
      description = "Frames of one animation (default: ${DEFAULT-VALUE}, 1 min at 25 fps).")
  int maxFrames;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int workerCount = workers != null ? workers : cores;
    int queueLength = queue != null ? queue : 4 * workerCount;
    OptionValues.atLeast("--workers", workerCount, 1);
    OptionValues.atLeast("--queue", queueLength, 0);
    OptionValues.between("--port", port, 0, 65535);
    OptionValues.atLeast("--max-body-bytes", maxBodyBytes, 1);
    OptionValues.atLeast("--max-signs", maxSigns, 1);
    OptionValues.atLeast("--max-frames-per-sign", maxFramesPerSign, 1);
    OptionValues.atLeast("--max-frames", maxFrames, 1);
    if (!(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("--timeout-seconds must be a number of seconds > 0, not " + timeoutSeconds);
    }
    AnimationServer.Settings settings = new AnimationServer.Settings(host, port, workerCount, queueLength,
        seconds(waitSeconds, "--wait-seconds"), seconds(timeoutSeconds, "--timeout-seconds"), maxBodyBytes,
        modelFolder.toString());
    AnimationLimits limits = new AnimationLimits(maxSigns, maxFramesPerSign, maxFrames);
    if (!Files.isDirectory(modelFolder)) {
      throw new NoSuchFileException(modelFolder.toString());
    }
    // Each worker samples on one engine thread: requests run side by side instead of contending for threads.
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (SignAnimator animator = SignAnimator.open(modelFolder, limits);
        AnimationServer server = AnimationServer.start(AnimationServer.Animator.of(animator), settings)) {
      Thread hook = new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "swa-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf("serving %s on %s (%d workers, %d may wait; POST /animate, GET /health)%n", modelFolder,
          server.uri(), workerCount, queueLength);
      out.flush();
      stopped.await();
    }
    return 0;
  }

  private static Duration seconds(double value, String option) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a number of seconds >= 0, not " + value);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }
}
