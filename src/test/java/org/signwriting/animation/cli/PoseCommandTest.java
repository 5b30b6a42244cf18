package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.signwriting.animation.cli.SwaRun.swa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.testing.SharedData;

class PoseCommandTest {
  @TempDir Path dir;



  /** pose-format's figures per shared file (header fields, shape), as the pose library's tests use them. */
  static Stream<CSVRecord> referenceFiles() throws IOException {
    try (Reader reader = new InputStreamReader(PoseCommandTest.class.getResourceAsStream(
        "/org/signwriting/animation/pose/pose-format-read-figures.csv"), StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceFiles")
  void infoJsonAgreesWithPoseFormat(CSVRecord row) {
    Path file = SharedData.path("poses/" + row.get("file"));
    SwaRun run = swa("pose", "info", "--json", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, run.out().strip().lines().count(), "one JSON object on one line");
    JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals(List.of("version", "width", "height", "depth", "components", "fps", "frames", "people", "points",
        "dims"), new ArrayList<>(json.keySet()));
    assertEquals(Double.parseDouble(row.get("version")), json.get("version").getAsDouble());
    for (String key : new String[] {"width", "height", "depth", "frames", "people", "points", "dims"}) {
      assertEquals(Integer.parseInt(row.get(key)), json.get(key).getAsInt(), key);
    }
    assertEquals(Float.parseFloat(row.get("fps")), json.get("fps").getAsFloat());
    List<String> components = new ArrayList<>();
    JsonArray array = json.getAsJsonArray("components");
    for (int i = 0; i < array.size(); i++) {
      JsonObject c = array.get(i).getAsJsonObject();
      components.add(c.get("name").getAsString() + ":" + c.get("format").getAsString() + ":"
          + c.get("points").getAsInt() + ":" + c.get("limbs").getAsInt() + ":" + c.get("colors").getAsInt());
    }
    assertEquals(row.get("components"), String.join("|", components));
  }

  @Test
  void helpListsThePoseCommands() {
    SwaRun run = swa("pose", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("info ") && run.out().contains("preprocess "), run.out());
    assertTrue(swa("benchmark", "--help").out().contains("pose-decode "));
  }

  @Test
  void infoTableNamesTheComponents() {
    Path file = SharedData.path("poses/pose-viewer-example-openpose.pose");
    SwaRun run = swa("pose", "info", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("version     0.1"), run.out());
    assertTrue(run.out().contains("frames      66 (2.75 s)"), run.out());
    assertTrue(run.out().contains("points      137, 2 dimensions each"), run.out());
    assertTrue(run.out().matches("(?s).*hand_left_keypoints_2d\\s+XYC\\s+21\\s+20\\s+21.*"), run.out());
  }

  @Test
  void preprocessWritesTheTrainingPreprocessingAsVersionZeroTwo() throws IOException {
    Path input = SharedData.path("poses/whatsthatsign-524.pose");
    Path output = dir.resolve("out.pose");
    SwaRun run = swa("pose", "preprocess", input.toString(), output.toString());
    assertEquals(0, run.exitCode(), run.err());
    Pose written = PoseReader.read(output);
    Pose expected = PosePreprocessing.forTraining(PoseReader.read(input));
    assertEquals(0.2f, written.header().version());
    assertEquals(expected.header().components(), written.header().components());
    assertArrayEquals(expected.body().data(), written.body().data());
    assertArrayEquals(expected.body().confidence(), written.body().confidence());
    assertEquals(input + ": 31 frames, 178 points -> " + output, run.out().strip());
  }

  private static void assertOneLineError(SwaRun run, String expected) {
    assertNotEquals(0, run.exitCode());
    assertEquals(expected, run.err().strip());
    assertEquals("", run.out());
  }

  @Test
  void badFilesGiveOneLineErrors() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.pose"));
    assertOneLineError(swa("pose", "info", empty.toString()),
        "error: " + empty + ": empty file, not a .pose file (at byte 0)");
    Path truncated = dir.resolve("truncated.pose");
    byte[] whole = Files.readAllBytes(SharedData.path("poses/whatsthatsign-524.pose"));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 1000));
    SwaRun run = swa("pose", "preprocess", truncated.toString(), dir.resolve("out.pose").toString());
    assertNotEquals(0, run.exitCode());
    assertTrue(run.err().startsWith("error: " + truncated + ": truncated body: 31 frames"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(Files.notExists(dir.resolve("out.pose")), "nothing written for a bad input");

    Path missing = dir.resolve("missing.pose");
    assertOneLineError(swa("pose", "info", missing.toString()), "error: " + missing + ": no such file");
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.pose"));
    SwaRun run = swa("--verbose", "pose", "info", empty.toString());
    assertNotEquals(0, run.exitCode());
    assertTrue(run.err().contains("PoseFormatException"), run.err());
  }

  @Test
  void preprocessRefusesNonFiniteValuesInOneLine() throws IOException {
    Pose pose = PoseReader.read(SharedData.path("poses/whatsthatsign-524.pose"));
    int elbow = pose.header().pointIndex("POSE_LANDMARKS", "RIGHT_ELBOW");
    pose.body().data()[pose.body().dataIndex(5, 0, elbow)] = Float.POSITIVE_INFINITY;
    Path input = dir.resolve("infinite.pose");
    PoseWriter.write(pose, input);
    Path output = dir.resolve("out.pose");
    assertOneLineError(swa("pose", "preprocess", input.toString(), output.toString()),
        "error: " + input + ": frame 5, point POSE_LANDMARKS/RIGHT_ELBOW: x is Infinity (a detected point's coordinates "
            + "are finite, within +-1e+06)");
    assertTrue(Files.notExists(output));
  }

  @Test
  void preprocessNeverWritesOverItsInput() throws IOException {
    Path input = dir.resolve("sign.pose");
    Files.copy(SharedData.path("poses/whatsthatsign-524.pose"), input);
    byte[] before = Files.readAllBytes(input);
    assertOneLineError(swa("pose", "preprocess", input.toString(), dir.resolve(".").resolve("sign.pose").toString()),
        "error: " + dir.resolve(".").resolve("sign.pose") + ": the output is the input " + input
            + "; write the result to another file (an input is never written over)");
    assertArrayEquals(before, Files.readAllBytes(input));
  }

  @Test
  void preprocessOfAHandOnlyPoseNamesTheFile() {
    Path handOnly = SharedData.path("poses/pose-format-mediapipe_hand_normalized.pose");
    assertOneLineError(swa("pose", "preprocess", handOnly.toString(), dir.resolve("out.pose").toString()),
        "error: " + handOnly + ": cannot reduce a holistic pose without POSE_LANDMARKS (it has "
            + "[RIGHT_HAND_LANDMARKS])");
  }

  @Test
  void benchmarkPrintsThroughputOfEachMode() throws IOException {
    Path poses = SharedData.path("poses");
    SwaRun run = swa("benchmark", "pose-decode", poses.toString(), "--rounds", "1", "--repeats", "1",
        "--warmup-rounds", "0", "--python", dir.resolve("no-python").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("pose-decode: 27 files, 8.0 MB per round"), run.out());
    assertTrue(run.out().contains("\npeer: not measured: no Python among " + dir.resolve("no-python")), run.out());
    for (String mode : new String[] {"plain read", "decode", "read + decode"}) {
      assertTrue(run.out().matches("(?s).*\\n" + java.util.regex.Pattern.quote(mode) + "\\s+\\d+\\s+\\d+\\s+\\d+\\s+"
          + "\\d+\\n.*"), run.out());
    }
    assertOneLineError(swa("benchmark", "pose-decode", dir.resolve("nowhere").toString()),
        "error: " + dir.resolve("nowhere") + ": no such folder (give the folder of .pose files to decode)");
  }
}
