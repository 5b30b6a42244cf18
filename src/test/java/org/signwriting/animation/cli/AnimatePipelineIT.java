package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.testing.SharedData;

/**
 * The whole pipeline as a user runs it, through {@code bin/swa}, on the two real transcribed samples:
 * {@code demo} (prepare-poses, render-signwriting, pose-stats, a tiny encoder, prepare-embeddings, a few
 * training steps, animate), then resuming the training from its checkpoint, unconditional pretraining and
 * fine-tuning from it, then animating from the model folder alone. The training budget is far too small for a good model; the overfitting check on the same
 * samples is the diffusion package's RealPoseOverfitTest.
 */
class AnimatePipelineIT {
  private static final Pattern RATIO = Pattern.compile("displacement ratio (\\S+)");
  /** Two signs of the shared DGS list, animated one after the other. */
  private static final String TWO_SIGNS = "M518x529S14c20481x471S27106503x489 M513x507S1ce20491x477";

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  @Test
  void demoTrainsResumesAndAnimatesFromTheModelFolderAlone() throws Exception {
    Path data = SharedData.path("transcription/data_subset.csv").getParent().getParent();
    Path demo = dir.resolve("demo");
    Result run = binSwa("demo", "--output", demo.toString(), "--data", data.toString(), "--embedding-steps", "5",
        "--diffusion-steps", "8");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("demo done"), run.out());
    Path model = demo.resolve("model");
    for (String file : new String[] {"diffusion-config.json", "weights.params", "ema-weights.params",
        "pose-stats.json", "pose-header.pose", "training-motion.json", "embedding_model/encoder.params",
        "checkpoint.bin", "metrics.csv", "metrics.png"}) {
      assertTrue(Files.isRegularFile(model.resolve(file)), file + " in the model folder");
    }
    Pose demoPose = PoseReader.read(demo.resolve("animation.pose"));
    assertEquals(demoPose.body().frames(), gifFrames(demo.resolve("animation.gif")));

    // Resume: the checkpoint of step 8 continues to step 12.
    Result resumed = binSwa("train", "--poses", demo.resolve("prepared").toString(), "--embedding-data",
        demo.resolve("embeddings").toString(), "--embedding-model", demo.resolve("embedding-model").toString(),
        "--model-folder", model.toString(), "--config", project().resolve("conf/diffusion-demo.json").toString(),
        "--max-steps", "12", "--resume", "--master", "local[1]");
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("trained to step 12 (4 steps in this run)"), resumed.out());
    List<String> metrics = Files.readAllLines(model.resolve("metrics.csv"));
    assertEquals(3, metrics.size(), "header, the row of step 8, the row of step 12: " + metrics);
    assertTrue(metrics.get(2).startsWith("12,"), metrics.get(2));

    // Unconditional pretraining, then fine-tuning from it with SignWriting (TrainingDataReaderTest covers the
    // untranscribed rows pretraining adds).
    String demoConfig = project().resolve("conf/diffusion-demo.json").toString();
    Result pretrained = binSwa("train", "--poses", demo.resolve("prepared").toString(), "--unconditional",
        "--model-folder", dir.resolve("pretrained").toString(), "--config", demoConfig, "--max-steps", "2",
        "--master", "local[1]");
    assertEquals(0, pretrained.exitCode(), pretrained.err());
    assertTrue(pretrained.err().contains("training on 2 sequences (0 dev), unconditional"), pretrained.err());
    assertFalse(Files.exists(dir.resolve("pretrained/embedding_model")));
    Result fineTuned = binSwa("train", "--poses", demo.resolve("prepared").toString(), "--embedding-data",
        demo.resolve("embeddings").toString(), "--embedding-model", demo.resolve("embedding-model").toString(),
        "--init-from", dir.resolve("pretrained").toString(), "--model-folder", dir.resolve("fine-tuned").toString(),
        "--config", demoConfig, "--max-steps", "2", "--master", "local[1]");
    assertEquals(0, fineTuned.exitCode(), fineTuned.err());
    assertTrue(fineTuned.err().contains("training on 2 sequences (0 dev), conditioned on SignWriting"),
        fineTuned.err());

    // The model folder alone, copied away from everything else, animates.
    Path alone = dir.resolve("alone");
    copyTree(model, alone);
    Path first = dir.resolve("first.pose");
    Path gif = dir.resolve("first.gif");
    Result animated = binSwa("animate", "--signwriting", TWO_SIGNS, "--model-folder", alone.toString(),
        "--pose", first.toString(), "--preview", gif.toString(), "--frames", "25", "--seed", "5");
    assertEquals(0, animated.exitCode(), animated.err());
    Pose pose = PoseReader.read(first);
    assertEquals(178, pose.header().totalPoints());
    assertEquals(List.of("POSE_LANDMARKS", "FACE_LANDMARKS", "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS"),
        pose.header().componentNames());
    assertEquals(PoseReader.read(alone.resolve("pose-header.pose")).body().fps(), pose.body().fps());
    assertEquals(29.97f, pose.body().fps(), 0.01f, "the training poses' fps");
    assertEquals(50, pose.body().frames(), "two signs of 25 frames");
    assertEquals(50, gifFrames(gif));
    for (float value : pose.body().data()) {
      assertTrue(Float.isFinite(value));
    }
    assertSkeletonHoldsTogether(pose);
    Matcher ratio = RATIO.matcher(animated.out());
    assertTrue(ratio.find(), animated.out());
    assertTrue(Double.parseDouble(ratio.group(1)) > 0.02, "the skeleton moves: " + animated.out());

    Path again = dir.resolve("again.pose");
    assertEquals(0, binSwa("signwriting-to-pose", "--signwriting", TWO_SIGNS, "--model-folder", alone.toString(),
        "--pose", again.toString(), "--frames", "25", "--seed", "5").exitCode());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again), "same seed, same .pose bytes");

    Result bad = binSwa("animate", "--signwriting", "M518x529S14c2048", "--model-folder", alone.toString(),
        "--pose", dir.resolve("bad.pose").toString());
    assertEquals(1, bad.exitCode());
    assertEquals("error: bad SignWriting \"M518x529S14c2048\" at offset 16: expected a 3-digit coordinate (like "
        + "500x500), found the end of the text\n", bad.err());
    assertFalse(Files.exists(dir.resolve("bad.pose")));
  }

  /**
   * The shoulders stay about one unit apart in every frame (the training poses are shoulder-normalized), so
   * the body has neither collapsed to a point nor blown apart.
   */
  private static void assertSkeletonHoldsTogether(Pose pose) {
    int left = pose.header().pointIndex("POSE_LANDMARKS", "LEFT_SHOULDER");
    int right = pose.header().pointIndex("POSE_LANDMARKS", "RIGHT_SHOULDER");
    float[] data = pose.body().data();
    for (int f = 0; f < pose.body().frames(); f++) {
      double squared = 0;
      for (int d = 0; d < 3; d++) {
        double e = data[pose.body().dataIndex(f, 0, left) + d] - data[pose.body().dataIndex(f, 0, right) + d];
        squared += e * e;
      }
      double width = Math.sqrt(squared);
      assertTrue(width > 0.5 && width < 2, "frame " + f + ": shoulders " + width + " apart");
    }
  }

  private static int gifFrames(Path gif) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream input = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(input);
      return reader.getNumImages(true);
    } finally {
      reader.dispose();
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (var paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
      }
    }
  }

  private static Path project() {
    return Path.of(System.getProperty("swa.project.dir", "."));
  }

  private Result binSwa(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(project().resolve("bin/swa").toString()));
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(8, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("bin/swa " + String.join(" ", args) + " did not finish in 8 minutes");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
