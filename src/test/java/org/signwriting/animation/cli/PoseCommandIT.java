package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;

/** {@code bin/swa pose ...} as a user runs it: the packaged jar, the launcher, a fresh JVM. */
class PoseCommandIT {
  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private Result binSwa(String... args) throws IOException, InterruptedException {
    Path project = Path.of(System.getProperty("swa.project.dir", "."));
    List<String> command = new java.util.ArrayList<>(List.of(project.resolve("bin/swa").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("bin/swa " + String.join(" ", args) + " did not finish in 2 minutes");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void corruptFileGivesOneLineOnStderrAndAFailingExitCode() throws Exception {
    Path corrupt = dir.resolve("corrupt.pose");
    Files.write(corrupt, new byte[] {(byte) 0xCD, (byte) 0xCC, 0x4C, 0x3E, 1, 2, 3}); // version 0.2f, then junk
    Result result = binSwa("pose", "info", corrupt.toString());
    assertNotEquals(0, result.exitCode());
    assertEquals("error: " + corrupt + ": truncated header: the file ends inside the height (needs 2 bytes, 1 left)"
        + " (at byte 6)\n", result.err());
    assertEquals("", result.out());
  }

  @Test
  void infoJsonOfARealFile() throws Exception {
    Path file = SharedData.path("poses/whatsthatsign-524.pose");
    Result result = binSwa("pose", "info", "--json", file.toString());
    assertEquals(0, result.exitCode(), result.err());
    JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
    assertEquals(31, json.get("frames").getAsInt());
    assertEquals(586, json.get("points").getAsInt());
  }
}
