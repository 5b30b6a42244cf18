package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diffusion benchmark on a tiny model: the project's figures, and the PyTorch peer's when Python has torch. */
class BenchmarkCommandsTest {
  @TempDir Path dir;

  private static final String TINY = """
      {"model": {"points": 6, "dims": 3, "signEmbeddingSize": 8, "latentSize": 32, "feedForwardSize": 64,
                 "layers": 2, "heads": 2, "dropout": 0.1, "pastFrames": 8, "futureFrames": 4},
       "diffusion": {"steps": 4, "noiseSchedule": "cosine", "conditionDropProbability": 0.15, "guidanceScale": 2.0},
       "loss": {"velocityWeight": 1.0, "accelerationWeight": 0.5, "lengthWeight": 0.1},
       "training": {"batchSize": 4, "epochs": 10, "learningRate": 0.001, "minLearningRateFactor": 0.1,
                    "weightDecay": 0.0, "emaDecay": 0.995, "checkpointEvery": 100}}
      """;

  /** Each count out of range is named alone, with the value given (they were lumped, whichever was wrong). */
  @Test
  void eachCountOutOfRangeIsNamedAlone() {
    String folder = dir.toString();
    String[][] cases = {
        {"--batch must be at least 1, not 0", "diffusion", "--batch", "0"},
        {"--warmup must be at least 0, not -1", "diffusion", "--warmup", "-1"},
        {"--animations must be at least 1, not 0", "diffusion", "--animations", "0"},
        {"--clients must be at least 1, not 0", "serve", "--clients", "0"},
        {"--workers must be at least 1, not 0", "serve", "--workers", "0"},
        {"--limit must be at least 1, not 0", "embedding", "--model", folder, "--signs", folder, "--limit", "0"},
        {"--torch-threads must be at least 1, not 0", "embedding", "--model", folder, "--signs", folder,
            "--torch-threads", "0"},
        {"--repeats must be at least 1, not 0", "pose-decode", folder, "--repeats", "0"},
        {"--cores must be at least 1, not 0", "prepare-poses", "--poses", folder, "--cores", "2,0"},
        {"--corpus-gb must be a size in GB > 0, not 0.0", "prepare-poses", "--poses", folder, "--corpus-gb", "0"},
        {"--round-seconds must be a number of seconds >= 0, not -1.0", "signwriting", "--round-seconds", "-1"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length];
      args[0] = "benchmark";
      System.arraycopy(c, 1, args, 1, c.length - 1);
      SwaRun run = swa(args);
      assertEquals(1, run.exitCode(), String.join(" ", args) + ": " + run.err());
      assertEquals("error: " + c[0] + "\n", run.err(), String.join(" ", args));
    }
  }

  /** The benchmark with the given peer interpreter, or null to let it find one. */
  private SwaRun benchmark(String python) throws IOException {
    Path config = Files.writeString(dir.resolve("tiny.json"), TINY);
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("benchmark", "diffusion", "--config",
        config.toString(), "--torch-threads", "1", "--batch", "4", "--train-steps", "2", "--warmup", "1", "--frames",
        "6", "--animations", "2"));
    if (python != null) {
      args.addAll(java.util.List.of("--python", python));
    }
    return swa(args.toArray(String[]::new));
  }

  /**
   * One run (the benchmark trains): the project's rows always; the peer's figures where a Python with torch is
   * found, else the reason why not (bench/diffusion_peer.py then goes untested here; PeerTest covers the
   * mechanism).
   */
  @Test
  void diffusionBenchmarkPrintsItsFiguresBesideThePeer() throws IOException {
    SwaRun run = benchmark(null);
    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    String number = "[0-9,.]+ \\([0-9,.]+-[0-9,.]+\\)";
    String rate = "[0-9.]+ \\([0-9.]+-[0-9.]+\\)";
    assertTrue(out.startsWith("diffusion: 6 points × 3 dims, latent 32"), out);
    assertTrue(out.matches("(?s).*\\ntraining step \\(batch 4\\), ms\\s+" + number + "\\s.*"), out);
    assertTrue(out.matches("(?s).*\\nanimation, 6 frames, ms\\s+" + number + "\\s.*"), out);
    assertTrue(out.matches("(?s).*\\ntraining step, CPU ms\\s+" + number + "\\s.*"), out);
    assertTrue(out.matches("(?s).*\\nanimation, CPU ms\\s+" + number + "\\s.*"), out);
    assertTrue(out.contains("GFLOP a step as PyTorch computes it, ") && out.contains("% of its sgemm's"), out);
    if (out.contains("\npeer: not measured: ")) {
      assertTrue(out.matches("(?s).*\\nsgemm 2048³, GFLOP/s \\(wall\\)\\s+" + rate + "\\s+not measured\\s+-\\n.*"),
          out);
      assertTrue(out.contains("peer: not measured: no Python among "), out);
      return;
    }
    assertTrue(out.matches("(?s).*\\nsgemm, GFLOP per CPU-second\\s+" + rate + "\\s+" + rate + "\\s+[0-9.]+x\\n.*"),
        out);
    assertTrue(out.matches("(?s).*\\ntraining step, CPU ms\\s+" + number + "\\s+" + number
        + "\\s+[0-9.]+x\\n.*"), out);
    assertTrue(out.matches("(?s).*\\ntraining step \\(batch 4\\), ms\\s+" + number + "\\s+" + number
        + "\\s+[0-9.]+x\\n.*"), out);
    assertTrue(out.matches("(?s).*\\nanimation, 6 frames, ms\\s+" + number + "\\s+" + number
        + "\\s+[0-9.]+x\\n.*"), out);
    assertTrue(Pattern.compile("\\npeer: PyTorch eager \\(.*\\), torch [0-9.a-z+]+, BLAS ").matcher(out).find(),
        out);
  }
}
