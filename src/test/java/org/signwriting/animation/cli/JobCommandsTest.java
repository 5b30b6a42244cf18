package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.signwriting.animation.cli.SwaRun.swa;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job commands' argument handling; the jobs themselves are tested in the spark package and the ITs. */
class JobCommandsTest {
  @TempDir Path dir;



  @Test
  void helpTeachesTheSeedSpellingsAndTheEnvironmentVariables() {
    SwaRun help = swa("prepare-poses", "--help");
    assertEquals(0, help.exitCode());
    for (String text : new String[] {"--transcription_csv_path", "--pose_sequences_folder", "POSE_SEQUENCES_FOLDER",
        "SIGNWRITING_TRANSCRIPTION_CSV_PATH", "_rejected", "--master", "--include-untranscribed"}) {
      assertTrue(help.out().contains(text), text + " in:\n" + help.out());
    }
    assertTrue(swa("render-signwriting", "--help").out().contains("--png-dir"));
    assertTrue(swa("pose-stats", "--help").out().contains("pose_stats.json"));
    assertTrue(swa("benchmark", "prepare-poses", "--help").out().contains("--corpus-gb"));
  }

  @Test
  void aMissingPoseFolderIsOneLine() {
    Path missing = dir.resolve("no-such-folder");
    SwaRun result = swa("prepare-poses", "--poses", missing.toString(), "--transcription_csv_path",
        dir.resolve("data.csv").toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, result.exitCode());
    assertEquals("error: " + missing + ": the pose folder does not exist or is not a folder",
        result.err().strip());
    assertFalse(dir.resolve("out").toFile().exists());
  }

  @Test
  void aMissingCsvIsOneLine() {
    Path csv = dir.resolve("data.csv");
    SwaRun result = swa("render-signwriting", "--transcription-csv-path", csv.toString(),
        "--output", dir.resolve("out").toString());
    assertEquals(1, result.exitCode());
    assertEquals("error: " + csv + ": no such file", result.err().strip());
  }

  @Test
  void generateSyntheticNamesACountOutOfRange() {
    Path out = dir.resolve("out");
    SwaRun variations = swa("generate-synthetic", "--signs", dir.resolve("signs.txt").toString(), "--output",
        out.toString(), "--variations", "0");
    assertEquals(1, variations.exitCode());
    assertEquals("error: --variations must be at least 1, not 0", variations.err().strip());
    // A negative count took no sign of the split and wrote an empty corpus.
    SwaRun perSplit = swa("generate-synthetic", "--signs", dir.resolve("signs.txt").toString(), "--output",
        out.toString(), "--signs-per-split", "train=-1");
    assertEquals(1, perSplit.exitCode());
    assertEquals("error: --signs-per-split train=-1: N must be at least 0", perSplit.err().strip());
    assertFalse(out.toFile().exists());
    // A missing sign list is found before Spark starts (it printed a progress bar before the error).
    SwaRun missing = swa("generate-synthetic", "--signs", dir.resolve("signs.txt").toString(), "--output",
        out.toString());
    assertEquals(1, missing.exitCode());
    assertEquals("error: " + dir.resolve("signs.txt") + ": no such file", missing.err().strip());
    assertFalse(out.toFile().exists());
  }

  @Test
  void evaluateNamesACountOutOfRange() {
    SwaRun examples = swa("evaluate", "--model-folder", dir.toString(), "--poses", dir.toString(),
        "--embedding-data", dir.toString(), "--examples", "-1");
    assertEquals(1, examples.exitCode());
    assertEquals("error: --examples must be at least 0, not -1", examples.err().strip());
  }

  @Test
  void trainScalingNamesACountOutOfRange() {
    SwaRun workers = swa("benchmark", "train-scaling", "--poses", dir.toString(), "--workers", "1,0");
    assertEquals(1, workers.exitCode());
    assertEquals("error: --workers must be at least 1, not 0", workers.err().strip());
    SwaRun sync = swa("benchmark", "train-scaling", "--poses", dir.toString(), "--sync-every", "0");
    assertEquals(1, sync.exitCode());
    assertEquals("error: --sync-every must be at least 1, not 0", sync.err().strip());
  }

  /** The library refuses the master in its own words; the command names its option (as before the session). */
  @Test
  void aMasterThisJvmCannotStartIsNamedAsTheOption() {
    SwaRun result = swa("prepare-poses", "--poses", dir.toString(), "--include-untranscribed", "--output",
        dir.resolve("out").toString(), "--master", "yarn");
    assertEquals(1, result.exitCode());
    assertEquals("error: --master yarn: bin/swa runs Spark embedded (local[N]) or on a standalone master "
        + "(spark://HOST:PORT); submit to YARN or Kubernetes with spark-submit, e.g. SPARK_MASTER=yarn "
        + "jobs/prepare-poses.sh ... (README: \"Clusters\")", result.err().strip());
    result = swa("pose-stats", "--input", dir.toString(), "--output", dir.resolve("out").toString(), "--master",
        "mars");
    assertEquals("error: --master mars: not a Spark master (local[N], spark://HOST:PORT, or yarn and "
        + "k8s://HOST:PORT through spark-submit)", result.err().strip());
    assertFalse(dir.resolve("out").toFile().exists());
  }

  @Test
  void withoutTranscriptionsTheCommandSaysHowToGiveThem() {
    assumeTrue(System.getenv("SIGNWRITING_TRANSCRIPTION_CSV_PATH") == null,
        "skipped: SIGNWRITING_TRANSCRIPTION_CSV_PATH is set, so the CSV is not missing");
    SwaRun result = swa("prepare-poses", "--poses", dir.toString(), "--output", dir.resolve("out").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--transcription-csv-path CSV, set SIGNWRITING_TRANSCRIPTION_CSV_PATH, or use "
        + "--include-untranscribed"), result.err());
  }
}
