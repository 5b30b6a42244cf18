package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The job commands' argument handling; the jobs themselves are tested in the spark package and the ITs. */
class JobCommandsTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Swa.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpTeachesTheSeedSpellingsAndTheEnvironmentVariables() {
    Result help = run("prepare-poses", "--help");
    assertEquals(0, help.exitCode());
    for (String text : new String[] {"--transcription_csv_path", "--pose_sequences_folder", "POSE_SEQUENCES_FOLDER",
        "SIGNWRITING_TRANSCRIPTION_CSV_PATH", "_rejected", "--master", "--include-untranscribed"}) {
      assertTrue(help.out().contains(text), text + " in:\n" + help.out());
    }
    assertTrue(run("render-signwriting", "--help").out().contains("--png-dir"));
    assertTrue(run("pose-stats", "--help").out().contains("pose_stats.json"));
    assertTrue(run("benchmark", "prepare-poses", "--help").out().contains("--corpus-gb"));
  }

  @Test
  void aMissingPoseFolderIsOneLine() {
    Path missing = dir.resolve("no-such-folder");
    Result result = run("prepare-poses", "--poses", missing.toString(), "--transcription_csv_path",
        dir.resolve("data.csv").toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, result.exitCode());
    assertEquals("error: " + missing + ": the pose folder does not exist or is not a folder",
        result.err().strip());
    assertFalse(dir.resolve("out").toFile().exists());
  }

  @Test
  void aMissingCsvIsOneLine() {
    Path csv = dir.resolve("data.csv");
    Result result = run("render-signwriting", "--transcription-csv-path", csv.toString(),
        "--output", dir.resolve("out").toString());
    assertEquals(1, result.exitCode());
    assertEquals("error: " + csv + ": no such file", result.err().strip());
  }

  @Test
  void withoutTranscriptionsTheCommandSaysHowToGiveThem() {
    assumeTrue(System.getenv("SIGNWRITING_TRANSCRIPTION_CSV_PATH") == null,
        "skipped: SIGNWRITING_TRANSCRIPTION_CSV_PATH is set, so the CSV is not missing");
    Result result = run("prepare-poses", "--poses", dir.toString(), "--output", dir.resolve("out").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--transcription-csv-path CSV, set SIGNWRITING_TRANSCRIPTION_CSV_PATH, or use "
        + "--include-untranscribed"), result.err());
  }
}
