package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseCanvas;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.testing.SharedData;

/**
 * The whole pipeline as a user runs it, through {@code bin/swa}: {@code demo} on a tiny synthetic corpus made
 * from real signs (generate-synthetic, prepare-poses, render-signwriting, a tiny encoder, prepare-embeddings,
 * pose-stats, a few training steps, evaluate, animate) and evaluate on the training signs, then resuming the
 * training from its checkpoint, unconditional pretraining and
 * fine-tuning from it, then animating from the model folder alone. The training budget is far too small for a good model; the overfitting check on real
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
    Path data = SharedData.path("transcription/signwriting-transcription-2024.csv").getParent().getParent();
    Path demo = dir.resolve("demo");
    Result run = binSwa("demo", "--output", demo.toString(), "--data", data.toString(), "--train-signs", "6",
        "--dev-signs", "2", "--test-signs", "3", "--variations", "1", "--embedding-steps", "5",
        "--diffusion-steps", "50");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("demo done"), run.out());
    for (int stage = 1; stage <= 9; stage++) {
      assertTrue(run.out().contains("== " + stage + "/9 swa "), "stage " + stage + " ran: " + run.out());
    }
    Path model = demo.resolve("model");
    for (String file : new String[] {"diffusion-config.json", "weights.params", "ema-weights.params",
        "pose-stats.json", "pose-header.pose", "training-motion.json", "embedding_model/encoder.params",
        "checkpoint.bin", "metrics.csv", "metrics.png"}) {
      assertTrue(Files.isRegularFile(model.resolve(file)), file + " in the model folder");
    }
    for (String file : new String[] {"synthetic/README.md", "synthetic/_synthetic.json", "synthetic/data.csv",
        "evaluation/report.md", "evaluation/report.csv", "evaluation/report.png", "prepared/_SUCCESS",
        "embeddings/_SUCCESS", "rendered/_SUCCESS", "pose-stats/pose_stats.json"}) {
      assertTrue(Files.isRegularFile(demo.resolve(file)), file + " in the demo's output");
    }
    List<String> report = Files.readAllLines(demo.resolve("evaluation/report.csv"));
    assertEquals(6, report.size(), "a header and five systems: " + report);
    String heldOut = Files.readString(demo.resolve("evaluation/report.md"));
    assertTrue(heldOut.contains("no evaluated sign is a training sign"), heldOut);

    // The model on its own training signs: retrieval takes another sign's motion, never the ground truth's.
    Path onTrain = dir.resolve("evaluation-train");
    Result evaluated = binSwa("evaluate", "--model-folder", model.toString(), "--poses",
        demo.resolve("prepared").toString(), "--embedding-data", demo.resolve("embeddings").toString(), "--split",
        "train", "--output", onTrain.toString(), "--examples", "0", "--master", "local[1]");
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    String trainReport = Files.readString(onTrain.resolve("report.md"));
    assertTrue(trainReport.contains("6 evaluated sequences of 6 signs"), trainReport);
    assertTrue(trainReport.contains("6 of the 6 evaluated signs are training signs"), trainReport);
    List<String> retrieved = Files.readAllLines(onTrain.resolve("sequences.csv")).stream()
        .filter(line -> line.contains("retrieval")).toList();
    assertEquals(6, retrieved.size(), retrieved.toString());
    for (String line : retrieved) {
      assertTrue(Double.parseDouble(line.split(",")[4]) > 0, "not the ground truth's own motion: " + line);
    }
    Pose example = PoseReader.read(demo.resolve("example.pose"));
    assertEquals(25f, example.body().fps(), "the synthetic poses' fps");
    int exampleFrames = gifFrames(demo.resolve("example.gif"));
    assertTrue(exampleFrames >= example.body().frames(), "the GIF shows the whole example");
    assertTrue(run.out().contains("example.gif (left: the model, right: the synthetic ground truth"), run.out());

    // Resume: the checkpoint of step 50 continues to step 54, with the model folder's own config (no --config: the
    // default conf/diffusion.json is another model).
    Result resumed = binSwa("train", "--poses", demo.resolve("prepared").toString(), "--embedding-data",
        demo.resolve("embeddings").toString(), "--embedding-model", demo.resolve("embedding-model").toString(),
        "--model-folder", model.toString(), "--max-steps", "54", "--resume", "--master", "local[1]");
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("trained to step 54 (4 steps in this run)"), resumed.out());
    List<String> metrics = Files.readAllLines(model.resolve("metrics.csv"));
    // conf/diffusion-demo.json checkpoints every 250 steps: a run of 50 writes its last step's row only.
    assertEquals(3, metrics.size(), "header, the rows of steps 50 and 54: " + metrics);
    assertTrue(metrics.get(1).startsWith("50,"), metrics.get(1));
    assertTrue(metrics.get(2).startsWith("54,"), metrics.get(2));

    // Unconditional pretraining, then fine-tuning from it with SignWriting (TrainingDataReaderTest covers the
    // untranscribed rows pretraining adds).
    String demoConfig = project().resolve("conf/diffusion-demo.json").toString();
    Result pretrained = binSwa("train", "--poses", demo.resolve("prepared").toString(), "--unconditional",
        "--model-folder", dir.resolve("pretrained").toString(), "--config", demoConfig, "--max-steps", "2",
        "--master", "local[1]");
    assertEquals(0, pretrained.exitCode(), pretrained.err());
    assertTrue(pretrained.err().contains("training on 6 sequences (2 dev), unconditional"), pretrained.err());
    assertFalse(Files.exists(dir.resolve("pretrained/embedding_model")));
    // The seed's README, followed literally with its environment variables (plus small budgets): its three
    // commands, fine-tuning the pretrained model. train --poses gets the raw pose folder and prepares it; the
    // embeddings record their encoder; the seed's .pth path names the encoder's folder.
    Path poseSequences = Files.createDirectories(dir.resolve("pose-sequences"));
    for (String file : List.of("whatsthatsign-524.pose", "dictio-czj-3debf210b4a99ac12155e654c3aeb51a.pose")) {
      Files.copy(data.resolve("poses").resolve(file), poseSequences.resolve(file));
    }
    Map<String, String> env = Map.of(
        "SIGNWRITING_TRANSCRIPTION_CSV_PATH", data.resolve("transcription/data_subset.csv").toString(),
        "POSE_SEQUENCES_FOLDER", poseSequences.toString(),
        "EMBEDDING_MODEL_FOLDER", dir.resolve("seed-embedding-model").toString(),
        "EMBEDDINGS_FOLDER", dir.resolve("seed-embeddings").toString(),
        "MODEL_FOLDER", dir.resolve("fine-tuned").toString(),
        "BUDGET", "--max-steps 2 --torch-threads 1",
        "DEMO", project().resolve("conf").toString());
    Result seed = seedShell(env, "set -e",
        "swa train-embedding-model --transcription_csv_path $SIGNWRITING_TRANSCRIPTION_CSV_PATH "
            + "--model_folder $EMBEDDING_MODEL_FOLDER $BUDGET --config $DEMO/embedding-demo.json",
        "mkdir -p $EMBEDDINGS_FOLDER",
        "swa prepare-embeddings --poses $POSE_SEQUENCES_FOLDER "
            + "--transcription_csv_path $SIGNWRITING_TRANSCRIPTION_CSV_PATH "
            + "--embedding_model_weights_path $EMBEDDING_MODEL_FOLDER/embedding_model.pth "
            + "--output $EMBEDDINGS_FOLDER --master local[1]",
        "swa train --poses $POSE_SEQUENCES_FOLDER --embedding_data $EMBEDDINGS_FOLDER --model_folder $MODEL_FOLDER "
            + "$BUDGET --config $DEMO/diffusion-demo.json --init-from " + dir.resolve("pretrained") + " --master local[1]");
    assertEquals(0, seed.exitCode(), seed.err());
    assertTrue(seed.out().contains("trained 2 steps on 2 signs"), "both sample signs train: " + seed.out());
    assertTrue(seed.err().contains("is a folder of pose files: preparing it into"), seed.err());
    assertTrue(seed.err().contains("training on 2 sequences (0 dev), conditioned on SignWriting"), seed.err());
    assertTrue(Files.isRegularFile(dir.resolve("fine-tuned/prepared-poses/_SUCCESS")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("seed-embedding-model/embedding_model/encoder.params")),
        Files.readAllBytes(dir.resolve("fine-tuned/embedding_model/encoder.params")),
        "the model animates with the encoder that made its embeddings");

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
    assertEquals(25f, pose.body().fps(), 0.01f, "the training poses' fps");
    assertEquals(50, pose.body().frames(), "two signs of 25 frames");
    assertEquals(50, gifFrames(gif));
    assertTrue(animated.out().contains("pixels of a 512x512 canvas"), animated.out());
    assertSignerFillsTheCanvas(first, pose);
    Matcher ratio = RATIO.matcher(animated.out());
    assertTrue(ratio.find(), animated.out());
    assertTrue(Double.parseDouble(ratio.group(1)) > 0.02, "the skeleton moves: " + animated.out());

    // Same seed, same motion: --normalized writes it in the training space, the canvas is that space scaled.
    Path again = dir.resolve("again.pose");
    Result normalized = binSwa("signwriting-to-pose", "--signwriting", TWO_SIGNS, "--model-folder",
        alone.toString(), "--pose", again.toString(), "--frames", "25", "--seed", "5", "--normalized");
    assertEquals(0, normalized.exitCode(), normalized.err());
    assertTrue(normalized.out().contains("shoulder-normalized"), normalized.out());
    Pose inTrainingSpace = PoseReader.read(again);
    assertSkeletonHoldsTogether(inTrainingSpace);
    assertArrayEquals(pose.body().data(), new PoseCanvas(512, 512).toPixels(inTrainingSpace).body().data(),
        "same seed, same motion");

    Result bad = binSwa("animate", "--signwriting", "M518x529S14c2048", "--model-folder", alone.toString(),
        "--pose", dir.resolve("bad.pose").toString());
    assertEquals(1, bad.exitCode());
    assertEquals("error: bad SignWriting \"M518x529S14c2048\" at offset 16: expected a 3-digit coordinate (like "
        + "500x500), found the end of the text\n", bad.err());
    assertFalse(Files.exists(dir.resolve("bad.pose")));
  }

  /**
   * Reads the written bytes as pose-format lays them out (v0.2, little-endian), with nothing of this project's
   * reader, and checks what pose-format's viewer would draw: a header of the canvas's size, and every point
   * inside it, the shoulders about 0.35 of its side apart.
   */
  private static void assertSignerFillsTheCanvas(Path file, Pose expected) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0.2f, in.getFloat(), 1e-6f, "version");
    int width = Short.toUnsignedInt(in.getShort());
    int height = Short.toUnsignedInt(in.getShort());
    in.getShort(); // depth
    assertEquals(512, width);
    assertEquals(512, height);
    int components = Short.toUnsignedInt(in.getShort());
    List<String> names = new ArrayList<>();
    int points = 0;
    int dims = 0;
    int shoulderA = -1;
    int shoulderB = -1;
    for (int c = 0; c < components; c++) {
      String name = string(in);
      String format = string(in);
      names.add(name);
      dims = format.length() - 1; // "XYZC": coordinates and confidence
      int componentPoints = Short.toUnsignedInt(in.getShort());
      int limbs = Short.toUnsignedInt(in.getShort());
      int colors = Short.toUnsignedInt(in.getShort());
      for (int p = 0; p < componentPoints; p++) {
        String point = string(in);
        if (name.equals("POSE_LANDMARKS") && point.equals("LEFT_SHOULDER")) {
          shoulderA = points + p;
        } else if (name.equals("POSE_LANDMARKS") && point.equals("RIGHT_SHOULDER")) {
          shoulderB = points + p;
        }
      }
      points += componentPoints;
      in.position(in.position() + limbs * 4 + colors * 6);
    }
    float fps = in.getFloat();
    int frames = in.getInt();
    int people = Short.toUnsignedInt(in.getShort());
    assertEquals(expected.header().componentNames(), names);
    assertEquals(expected.body().fps(), fps);
    assertEquals(50, frames);
    assertEquals(1, people);
    assertEquals(3, dims);
    float[] data = new float[frames * people * points * dims];
    in.asFloatBuffer().get(data);
    in.position(in.position() + data.length * 4);
    float[] confidence = new float[frames * people * points];
    in.asFloatBuffer().get(confidence);
    assertEquals(0, in.remaining() - confidence.length * 4, "nothing after the confidences");
    assertTrue(shoulderA >= 0 && shoulderB >= 0, "the shoulders are named");
    // Generated motion may stray past the frame, as a signer's hand may (how far depends on the sampling noise of a
    // model trained for seconds); a point far outside, or most outside, would mean the canvas mapping is wrong, and
    // the shoulders below rule out a normalized pose (a few pixels across).
    int outside = 0;
    for (int f = 0; f < frames; f++) {
      for (int p = 0; p < points; p++) {
        int i = (f * points + p) * dims;
        assertTrue(confidence[f * points + p] > 0, "generated points are all detected");
        assertTrue(data[i] >= -width && data[i] < 2 * width && data[i + 1] >= -height && data[i + 1] < 2 * height,
            "frame " + f + " point " + p + " at (" + data[i] + ", " + data[i + 1] + ") is far outside the canvas");
        outside += data[i] >= 0 && data[i] < width && data[i + 1] >= 0 && data[i + 1] < height ? 0 : 1;
      }
      int a = (f * points + shoulderA) * dims;
      int b = (f * points + shoulderB) * dims;
      double shoulders = Math.hypot(data[a] - data[b], data[a + 1] - data[b + 1]);
      assertTrue(shoulders > 0.15 * width && shoulders < 0.6 * width, "frame " + f + ": shoulders " + shoulders);
    }
    assertTrue(outside <= frames * points / 10, outside + " of " + frames * points + " points outside the canvas");
  }

  private static String string(ByteBuffer in) {
    byte[] utf8 = new byte[Short.toUnsignedInt(in.getShort())];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
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
    return run(command, Map.of());
  }

  /** Shell lines as a user types them, with {@code swa} on the PATH and the given environment. */
  private Result seedShell(Map<String, String> env, String... lines) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("path"));
    Path swa = bin.resolve("swa");
    if (!Files.exists(swa)) {
      Files.createSymbolicLink(swa, project().resolve("bin/swa").toAbsolutePath());
    }
    Map<String, String> withPath = new java.util.HashMap<>(env);
    withPath.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    return run(List.of("bash", "-c", String.join("\n", lines)), withPath);
  }

  /**
   * Runs a command with stdout and stderr going to files, as in a log: what it writes to stderr must be whole
   * lines (progress included) and carry no native library warnings.
   */
  private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    String[] args = command.toArray(String[]::new);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(8, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not finish in 8 minutes");
    }
    Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    assertFalse(result.err().contains("\r"), "progress into a file is whole lines: " + String.join(" ", args));
    assertFalse(result.err().contains("AutoNonVariableTypeMode"), "no libtorch warnings: " + result.err());
    return result;
  }
}
