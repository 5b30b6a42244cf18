package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

/**
 * Decoding only the points training keeps ({@link PoseReader} with {@link PosePreprocessing#keptPoints}) gives
 * exactly the reduced pose of a whole decode, and its pre-processing exactly what
 * {@link PosePreprocessing#forTraining} gives (the same pose, or the same refusal), on every shared pose file (every
 * version and layout; whole files and a time range; through a channel and from memory), and on a holistic pose
 * written as version 0.0, which no shared file is.
 */
class SelectedDecodeTest {

  static Stream<Path> poseFiles() throws IOException {
    try (Stream<Path> files = Files.list(SharedData.path("poses"))) {
      return files.filter(p -> p.toString().endsWith(".pose")).sorted().toList().stream();
    }
  }

  private static Pose readSelected(Path file, FrameRange range) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      return PoseReader.read(file.toString(), channel, range, PosePreprocessing::keptPoints);
    }
  }

  private static void assertSamePose(Pose expected, Pose actual) {
    assertEquals(expected.header(), actual.header());
    assertEquals(expected.body().frames(), actual.body().frames());
    assertEquals(expected.body().people(), actual.body().people());
    assertEquals(expected.body().points(), actual.body().points());
    assertEquals(expected.body().fps(), actual.body().fps());
    assertArrayEquals(expected.body().data(), actual.body().data());
    assertArrayEquals(expected.body().confidence(), actual.body().confidence());
  }

  /** The pre-processed pose, or the refusal's type and message. */
  private static Object preprocessed(java.util.function.Supplier<Pose> preprocessing) {
    try {
      return preprocessing.get();
    } catch (RuntimeException refused) {
      return refused.getClass().getName() + ": " + refused.getMessage();
    }
  }

  private static void assertSameOutcome(Object expected, Object actual) {
    if (expected instanceof Pose pose) {
      assertTrue(actual instanceof Pose, () -> "selected decode refused: " + actual);
      assertSamePose(pose, (Pose) actual);
    } else {
      assertEquals(expected, actual);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poseFiles")
  void decodingTheKeptPointsIsReducingTheWholePose(Path file) throws IOException {
    Optional<PointSelection> kept = PosePreprocessing.keptPoints(PoseReader.readHeader(file));
    byte[] bytes = Files.readAllBytes(file);
    int frames = PoseReader.read(file).body().frames();
    List<FrameRange> ranges = frames > 1 ? List.of(FrameRange.all(), FrameRange.frames(1, 3))
        : List.of(FrameRange.all());
    for (FrameRange range : ranges) {
      Pose whole = PoseReader.read(file, range);
      Pose selected = readSelected(file, range);
      assertSamePose(PoseReader.read("memory", bytes, range, PosePreprocessing::keptPoints), selected);
      if (kept.isEmpty()) { // OpenPose, or hand-only holistic: decoded whole, refused by pre-processing
        assertSamePose(whole, selected);
        continue;
      }
      assertSamePose(Holistic.reduce(whole), selected);
      assertEquals(178, selected.header().totalPoints());
      assertSameOutcome(preprocessed(() -> PosePreprocessing.forTraining(whole)),
          preprocessed(() -> PosePreprocessing.forTrainingDecodedReduced(selected)));
    }
  }

  /**
   * The versions and outcomes the shared files give the parity test: decoded whole (OpenPose, hand-only) in 0.0
   * and 0.1, kept points in 0.1 and 0.2; the test below adds holistic 0.0.
   */
  @Test
  void theSharedFilesCoverEveryVersionAndBothOutcomes() throws IOException {
    Set<String> seen = new HashSet<>();
    for (Path file : poseFiles().toList()) {
      PoseHeader header = PoseReader.readHeader(file);
      seen.add(header.version() + (PosePreprocessing.keptPoints(header).isPresent() ? " kept points" : " whole"));
    }
    assertEquals(Set.of("0.0 whole", "0.1 whole", "0.1 kept points", "0.2 kept points"), seen);
  }

  /** No shared file is holistic version 0.0: a real holistic pose written as 0.0 (a frame without people too). */
  @Test
  void versionZeroZeroHolisticPosesAreReducedAfterDecoding() throws IOException {
    Pose real = PoseReader.read(SharedData.path("poses/pose-viewer-sample-holistic.pose"), FrameRange.frames(0, 4));
    byte[] bytes = asVersionZeroZero(real, 2);
    Pose whole = PoseReader.read("v00", bytes, FrameRange.all());
    assertEquals(0f, whole.header().version());
    assertEquals(real.body().points(), whole.body().points());
    assertArrayEquals(Holistic.reduce(real).body().sliceFrames(0, 2).data(),
        Holistic.reduce(whole).body().sliceFrames(0, 2).data(), "the frames before the one without people");
    Pose selected = PoseReader.read("v00", bytes, FrameRange.all(), PosePreprocessing::keptPoints);
    assertSamePose(Holistic.reduce(whole), selected);
    assertEquals(178, selected.body().points());
    assertSameOutcome(preprocessed(() -> PosePreprocessing.forTraining(whole)),
        preprocessed(() -> PosePreprocessing.forTrainingDecodedReduced(selected)));
  }

  /** {@code pose} (one person) as a version 0.0 file, frame {@code empty} without people. */
  private static byte[] asVersionZeroZero(Pose pose, int empty) throws IOException {
    ByteArrayOutputStream v02 = new ByteArrayOutputStream();
    PoseWriter.write(pose, v02);
    PoseBody body = pose.body();
    int headerBytes = v02.size() - (4 + 4 + 2 + body.data().length * 4 + body.confidence().length * 4);
    ByteBuffer out = ByteBuffer.allocate(headerBytes + 4 + body.frames() * (4 + body.points() * 16))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(v02.toByteArray(), 0, headerBytes).putFloat(0, 0f);
    out.putShort((short) Math.round(body.fps())).putShort((short) body.frames());
    for (int frame = 0; frame < body.frames(); frame++) {
      if (frame == empty) {
        out.putShort((short) 0);
        continue;
      }
      out.putShort((short) 1).putShort((short) 0);
      for (int point = 0; point < body.points(); point++) {
        int at = body.dataIndex(frame, 0, point);
        out.putFloat(body.data()[at]).putFloat(body.data()[at + 1]).putFloat(body.data()[at + 2])
            .putFloat(body.confidence()[body.confidenceIndex(frame, 0, point)]);
      }
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  @Test
  void aReducedPoseIsReducedNoFurther() throws IOException {
    Pose reduced = Holistic.reduce(PoseReader.read(SharedData.path("poses/pose-viewer-sample-holistic.pose")));
    PointSelection again = Holistic.reduction(reduced.header()).orElseThrow();
    assertTrue(again.keepsAllOf(reduced.header()));
    assertSame(reduced, Holistic.reduce(reduced));
  }

  @Test
  void selectionsCopyRunsOfConsecutivePoints() throws IOException {
    PoseHeader header = PoseReader.readHeader(SharedData.path("poses/pose-viewer-sample-holistic.pose"));
    PointSelection hands = PointSelection.of(header, List.of("RIGHT_HAND_LANDMARKS", "LEFT_HAND_LANDMARKS"), Map.of());
    int right = header.componentOffset("RIGHT_HAND_LANDMARKS");
    int left = header.componentOffset("LEFT_HAND_LANDMARKS");
    assertArrayEquals(new int[][] {{right, 0, 21}, {left, 21, 21}}, hands.runs());
    assertFalse(hands.keepsAllOf(header));
    Pose whole = PoseReader.read(SharedData.path("poses/pose-viewer-sample-holistic.pose"));
    assertSamePose(whole.selectComponents(List.of("RIGHT_HAND_LANDMARKS", "LEFT_HAND_LANDMARKS"), Map.of()),
        hands.apply(whole));
  }

  @Test
  void aSelectionOfAnotherHeaderIsRefused() throws IOException {
    PoseHeader holistic = PoseReader.readHeader(SharedData.path("poses/pose-viewer-sample-holistic.pose"));
    PointSelection face = PointSelection.of(holistic, List.of("FACE_LANDMARKS"), Map.of());
    Path openPose = SharedData.path("poses/pose-viewer-example-openpose.pose");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
      try (FileChannel channel = FileChannel.open(openPose)) {
        PoseReader.read(openPose.toString(), channel, FrameRange.all(), header -> Optional.of(face));
      }
    });
    assertTrue(error.getMessage().contains("is not one of the"), error.getMessage());
  }
}
