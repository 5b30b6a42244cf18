package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's arguments: each mistake is one line, before any model is loaded (the service: serve package tests). */
class ServeCommandTest {
  @TempDir Path dir;

  private static void assertOneLineError(String expected, SwaRun run) {
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("error: " + expected + "\n", run.err());
  }

  @Test
  void badArgumentsAreOneLineEach() {
    String folder = dir.toString();
    assertOneLineError(dir.resolve("missing") + ": no such file",
        swa("serve", "--model-folder", dir.resolve("missing").toString(), "--port", "0"));
    // Each option alone, with the value given (they were named in two lumped lines, whichever was wrong).
    assertOneLineError("--workers must be at least 1, not 0", swa("serve", "--model-folder", folder, "--workers", "0"));
    assertOneLineError("--queue must be at least 0, not -1", swa("serve", "--model-folder", folder, "--queue", "-1"));
    assertOneLineError("--port must be 0 to 65535, not 70000",
        swa("serve", "--model-folder", folder, "--port", "70000"));
    assertOneLineError("--max-body-bytes must be at least 1, not 0",
        swa("serve", "--model-folder", folder, "--max-body-bytes", "0"));
    assertOneLineError("--max-signs must be at least 1, not 0",
        swa("serve", "--model-folder", folder, "--max-signs", "0"));
    assertOneLineError("--max-frames-per-sign must be at least 1, not -5",
        swa("serve", "--model-folder", folder, "--max-frames-per-sign", "-5"));
    assertOneLineError("--max-frames must be at least 1, not 0",
        swa("serve", "--model-folder", folder, "--max-frames", "0"));
    assertOneLineError("--timeout-seconds must be a number of seconds > 0, not 0.0",
        swa("serve", "--model-folder", folder, "--timeout-seconds", "0"));
    assertOneLineError("--wait-seconds must be a number of seconds >= 0, not -1.0",
        swa("serve", "--model-folder", folder, "--wait-seconds", "-1"));
  }

  @Test
  void helpTeachesTheEndpoints() {
    SwaRun run = swa("serve", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("POST /animate") && run.out().contains("GET  /health")
        && run.out().contains("curl"), run.out());
  }
}
