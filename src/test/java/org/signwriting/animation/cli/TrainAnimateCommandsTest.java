package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.signwriting.animation.cli.SwaRun.swa;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.ModelFolder;

/**
 * Argument handling of train, animate and demo: each mistake is one line naming the input, found before any
 * model is loaded or Spark started. The commands' work is tested end to end by AnimatePipelineIT.
 */
class TrainAnimateCommandsTest {
  @TempDir Path dir;



  private void assertOneLineError(String expected, SwaRun result) {
    assertEquals(1, result.exitCode(), result.err());
    assertEquals("error: " + expected + "\n", result.err());
  }

  @Test
  void conditionedTrainingNeedsTheEmbeddings() {
    assertOneLineError("training on SignWriting needs --embedding-data (a prepare-embeddings output); or pretrain "
        + "with --unconditional",
        swa("train", "--poses", dir.toString(), "--model-folder", dir.resolve("m").toString()));
  }

  @Test
  void anEmbeddingsOutputThatDoesNotRecordItsEncoderNeedsTheOption() throws Exception {
    Path embeddings = Files.createDirectories(dir.resolve("embeddings"));
    assertOneLineError("--embedding-data " + embeddings + " does not record the encoder that made it (written by "
            + "an older prepare-embeddings): give --embedding-model",
        swa("train", "--poses", dir.toString(), "--embedding_data", embeddings.toString(), "--model_folder",
            dir.resolve("m").toString()));
  }

  @Test
  void aRawPoseFolderNeedsTheTranscriptionsToTrainOnSignWriting() throws Exception {
    Path poses = Files.createDirectories(dir.resolve("poses"));
    Files.copy(org.signwriting.animation.testing.SharedData.path("poses/whatsthatsign-524.pose"),
        poses.resolve("whatsthatsign-524.pose"));
    Path embeddings = Files.createDirectories(dir.resolve("embeddings/_embedding_model"));
    Files.writeString(embeddings.resolve("encoder.pt"), "PK\3\4");
    SwaRun run = swa("train", "--poses", poses.toString(), "--embedding_data", embeddings.getParent().toString(),
        "--model_folder", dir.resolve("m").toString(), "--master", "local[1]");
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().endsWith("error: --poses " + poses + " is a folder of pose files: training on SignWriting "
        + "needs the transcriptions that pair them with signs (--transcription-csv-path or "
        + "SIGNWRITING_TRANSCRIPTION_CSV_PATH)\n"), run.err());
  }

  @Test
  void resumeDoesNotGoWithInitFrom() {
    assertOneLineError("--resume continues the model folder's own checkpoint; it does not go with --init-from",
        swa("train", "--poses", dir.toString(), "--unconditional", "--resume", "--init-from", dir.toString(),
            "--model-folder", dir.resolve("m").toString()));
  }

  @Test
  void dataParallelOptionsAreChecked() {
    assertOneLineError("--sync-every is for data-parallel workers: give --workers N (or a cluster --master)",
        swa("train", "--poses", dir.toString(), "--unconditional", "--sync-every", "4", "--model-folder",
            dir.resolve("m").toString()));
    // Each count is named alone, with the value given.
    assertOneLineError("--workers must be at least 1, not 0",
        swa("train", "--poses", dir.toString(), "--unconditional", "--workers", "0", "--model-folder",
            dir.resolve("m").toString()));
    assertOneLineError("--sync-every must be at least 1, not 0",
        swa("train", "--poses", dir.toString(), "--unconditional", "--workers", "2", "--sync-every", "0",
            "--model-folder", dir.resolve("m").toString()));
    assertOneLineError("--checkpoint-every must be at least 1, not -3",
        swa("train", "--poses", dir.toString(), "--unconditional", "--checkpoint-every", "-3", "--model-folder",
            dir.resolve("m").toString()));
  }

  @Test
  void theRunsLengthIsNamedOptionByOption() {
    // Both were "--max-steps and --epochs must be positive (or 0 for the default)", whichever was wrong.
    assertOneLineError("--max-steps must be at least 0, not -1",
        swa("train", "--poses", dir.toString(), "--unconditional", "--max-steps", "-1", "--model-folder",
            dir.resolve("m").toString()));
    assertOneLineError("--epochs must be at least 0, not -2",
        swa("train", "--poses", dir.toString(), "--unconditional", "--epochs", "-2", "--model-folder",
            dir.resolve("m").toString()));
  }

  @Test
  void aFolderThatIsNeitherPreparedNorPoseFilesIsNamed() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a pose");
    assertOneLineError("--poses " + dir + ": neither a prepare-poses output (no _SUCCESS in it) nor a folder of "
            + ".pose files",
        swa("train", "--poses", dir.toString(), "--unconditional", "--model-folder", dir.resolve("m").toString()));
    Path missing = dir.resolve("missing");
    assertOneLineError(missing + ": no such file",
        swa("train", "--poses", missing.toString(), "--unconditional", "--model-folder", dir.toString()));
  }

  /** The model folder is checked against every input (TrainingRun), before Spark starts or anything is written. */
  @Test
  void aModelFolderOverlappingAnInputIsOneLine() throws Exception {
    Path prepared = Files.createDirectories(dir.resolve("prepared"));
    Files.createFile(prepared.resolve("_SUCCESS"));
    Path stats = Files.createDirectories(dir.resolve("stats"));
    Files.writeString(stats.resolve("pose_stats.json"), "{}");
    Path inside = prepared.resolve("model");
    assertOneLineError(inside + ": the model folder lies inside the input " + prepared + "; choose a model folder "
            + "outside the inputs (training never writes into, or over, what it reads)",
        swa("train", "--poses", prepared.toString(), "--unconditional", "--model-folder", inside.toString()));
    assertOneLineError(stats + ": the model folder is the input " + stats + "; choose a model folder outside the "
            + "inputs (training never writes into, or over, what it reads)",
        swa("train", "--poses", prepared.toString(), "--unconditional", "--pose-stats", stats.toString(),
            "--model-folder", stats.toString()));
    assertFalse(Files.exists(inside));
  }

  /** The config file is an input too: training writes the model's own config into the folder, over it. */
  @Test
  void aModelFolderHoldingTheConfigIsOneLineAndChangesNothing() throws Exception {
    Path prepared = Files.createDirectories(dir.resolve("prepared"));
    Files.createFile(prepared.resolve("_SUCCESS"));
    Path model = Files.createDirectories(dir.resolve("model"));
    Path config = Files.writeString(new ModelFolder(model).config(), DiffusionConfig.readDefault().toJson());
    FileTime written = Files.getLastModifiedTime(config);
    assertOneLineError(model + ": the model folder contains the input " + config + "; choose a model folder "
            + "outside the inputs (training never writes into, or over, what it reads)",
        swa("train", "--poses", prepared.toString(), "--unconditional", "--config", config.toString(),
            "--model-folder", model.toString()));
    try (Stream<Path> files = Files.list(model)) {
      assertEquals(List.of(config), files.toList());
    }
    assertEquals(written, Files.getLastModifiedTime(config));
  }

  @Test
  void badSignWritingIsOneLineWithTheOffsetAndWritesNothing() {
    Path pose = dir.resolve("out.pose");
    assertOneLineError("bad SignWriting \"M518x529S14c20481x471S2710\" at offset 26: symbol key cut short, "
            + "expected S and 5 hexadecimal digits like S2e748, found the end of the text",
        swa("animate", "--signwriting", "M518x529S14c20481x471S2710", "--model-folder", dir.toString(),
            "--pose", pose.toString()));
    assertFalse(Files.exists(pose));
  }

  @Test
  void aFolderWithoutAnEncoderCannotAnimate() throws java.io.IOException {
    Path model = Files.createDirectories(dir.resolve("model"));
    assertOneLineError(model + ": no embedding model in the model folder (was it trained unconditionally? it "
            + "animates SignWriting once fine-tuned with sign embeddings)",
        swa("signwriting-to-pose", "--signwriting", "M518x529S14c20481x471S27106503x489", "--model-folder",
            model.toString(), "--pose", dir.resolve("out.pose").toString()));
    assertOneLineError("--frames must be between 1 and 1000, not 0",
        swa("animate", "--signwriting", "M518x529S14c20481x471S27106503x489", "--model-folder", dir.toString(),
            "--pose", dir.resolve("out.pose").toString(), "--frames", "0"));
  }

  /**
   * Seen: {@code --frames 1000000000} died with an OutOfMemoryError, and 200 signs ran for minutes without
   * progress. The limits (AnimationLimits) are checked before the model is even loaded.
   */
  @Test
  void requestsBeyondTheAnimationLimitsAreOneLine() {
    String sign = "M518x529S14c20481x471S27106503x489";
    Path pose = dir.resolve("out.pose");
    assertOneLineError("--frames must be between 1 and 1000, not 1000000000",
        swa("animate", "--signwriting", sign, "--model-folder", dir.toString(), "--pose", pose.toString(),
            "--frames", "1000000000"));
    String manySigns = String.join(" ", Collections.nCopies(200, sign));
    assertOneLineError("--signwriting: 200 signs are more than the 100 one animation may have",
        swa("animate", "--signwriting", manySigns, "--model-folder", dir.toString(), "--pose", pose.toString()));
    // With --frames the whole animation's length is known at once: refused before the model is loaded.
    assertOneLineError("the 11 signs would take 11,000 frames, more than the 10,000 one animation may have "
            + "(--frames sets the frames of each sign)",
        swa("animate", "--signwriting", String.join(" ", Collections.nCopies(11, sign)), "--model-folder",
            dir.toString(), "--pose", pose.toString(), "--frames", "1000"));
    assertFalse(Files.exists(pose));
    Path inside = dir.resolve("pose-header.pose");
    assertOneLineError(inside + ": the output lies inside the input " + dir + "; write it outside the model folder "
            + "(an input is never written over)",
        swa("animate", "--signwriting", sign, "--model-folder", dir.toString(), "--pose", inside.toString()));
    AnimationLimits.LimitException total = assertThrows(AnimationLimits.LimitException.class,
        () -> AnimationLimits.DEFAULT.checkTotal(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
            1000, 1}));
    assertEquals("the 11 signs would take 10,001 frames, more than the 10,000 one animation may have",
        total.getMessage());
  }

  @Test
  void demoNamesMissingData() {
    Path missing = dir.resolve("no-data");
    assertOneLineError(missing.resolve("transcription/signwriting-transcription-2024.csv") + ": no such file",
        swa("demo", "--output", dir.resolve("demo").toString(), "--data", missing.toString()));
  }

  @Test
  void demoNamesTheCountThatIsOutOfRange() throws Exception {
    Path signs = Files.writeString(dir.resolve("signs.txt"), "M518x529S14c20481x471\n");
    assertOneLineError("--test-signs must be at least 1, not 0", swa("demo", "--output",
        dir.resolve("demo").toString(), "--signs", signs.toString(), "--test-signs", "0"));
    assertOneLineError("--dev-signs must be at least 0, not -1", swa("demo", "--output",
        dir.resolve("demo").toString(), "--signs", signs.toString(), "--dev-signs", "-1"));
    assertFalse(Files.exists(dir.resolve("demo")));
  }

  @Test
  void helpTeachesTheCommands() {
    String train = swa("train", "--help").out();
    for (String text : new String[] {"--unconditional", "--init-from", "--resume", "--pose-stats", "--max_steps",
        "driver", "pose-header.pose", "embedding_model/", "--workers", "--sync-every", "--checkpoint-every",
        "jobs/train.sh"}) {
      assertTrue(train.contains(text), text + " in:\n" + train);
    }
    String animate = swa("animate", "--help").out();
    for (String text : new String[] {"--preview", "--frames", "--guidance", "--seed", "signwriting_to_pose",
        "--normalized", "512x512", "displacement ratio"}) {
      assertTrue(animate.contains(text), text + " in:\n" + animate);
    }
    assertTrue(swa("demo", "--help").out().contains("prepare-embeddings"));
    String evaluate = swa("evaluate", "--help").out();
    for (String text : new String[] {"mean pose", "retrieval", "rule-based", "report.md", "--split train"}) {
      assertTrue(evaluate.contains(text), text + " in:\n" + evaluate);
    }
  }
}
