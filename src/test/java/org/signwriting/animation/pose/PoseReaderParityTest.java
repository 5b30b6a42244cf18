package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.signwriting.animation.pose.ReferenceFigures.assertClose;
import static org.signwriting.animation.pose.ReferenceFigures.checksums;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signwriting.animation.testing.SharedData;

/** Every shared pose file read here gives what pose-format reads from it. */
class PoseReaderParityTest {
  private static final double SUM_TOLERANCE = 1e-9;

  static Stream<CSVRecord> files() {
    return ReferenceFigures.read().stream();
  }

  static Stream<CSVRecord> filesWithFrameRange() {
    return files().filter(row -> !row.get("rangeFrames").isEmpty());
  }

  static Stream<CSVRecord> filesWithTimeRange() {
    return files().filter(row -> !row.get("timeFrames").isEmpty());
  }

  private static Path file(CSVRecord row) {
    return SharedData.path("poses/" + row.get("file"));
  }

  @Test
  void referenceCoversAllSharedFilesAndFormats() {
    assertEquals(27, ReferenceFigures.read().size());
    assertEquals(Stream.of("0.0", "0.1", "0.2").collect(Collectors.toSet()),
        files().map(row -> row.get("version")).collect(Collectors.toSet()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void headerAndBodyMatchPoseFormat(CSVRecord row) throws IOException {
    Pose pose = PoseReader.read(file(row));
    PoseHeader header = pose.header();
    PoseBody body = pose.body();
    assertEquals(row.get("version"), String.format("%.1f", header.version()));
    assertEquals(Integer.parseInt(row.get("width")), header.width());
    assertEquals(Integer.parseInt(row.get("height")), header.height());
    assertEquals(Integer.parseInt(row.get("depth")), header.depth());
    assertEquals(row.get("components"), header.components().stream()
        .map(c -> c.name() + ":" + c.format() + ":" + c.points().size() + ":" + c.limbs().size() + ":"
            + c.colors().size())
        .collect(Collectors.joining("|")));
    assertEquals(Float.parseFloat(row.get("fps")), body.fps());
    assertEquals(Integer.parseInt(row.get("frames")), body.frames());
    assertEquals(Integer.parseInt(row.get("people")), body.people());
    assertEquals(Integer.parseInt(row.get("points")), body.points());
    assertEquals(Integer.parseInt(row.get("dims")), body.dims());
    double[] sums = checksums(body.data());
    assertClose(Double.parseDouble(row.get("dataSum")), sums[0], SUM_TOLERANCE, "data sum");
    assertClose(Double.parseDouble(row.get("dataAbsSum")), sums[1], SUM_TOLERANCE, "data magnitude sum");
    assertClose(Double.parseDouble(row.get("dataWeightedSum")), sums[2], SUM_TOLERANCE, "weighted data sum");
    assertEquals(Integer.parseInt(row.get("nanValues")), (int) sums[3], "NaN values");
    assertClose(Double.parseDouble(row.get("confidenceSum")), ReferenceFigures.sum(body.confidence()),
        SUM_TOLERANCE, "confidence sum");
    assertEquals(pythonFloat(row.get("firstValue")), body.data()[0]);
    assertEquals(pythonFloat(row.get("lastValue")), body.data()[body.data().length - 1]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void headerAloneEqualsTheFullReadsHeader(CSVRecord row) throws IOException {
    assertEquals(PoseReader.read(file(row)).header(), PoseReader.readHeader(file(row)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filesWithFrameRange")
  void frameRangeMatchesPoseFormat(CSVRecord row) throws IOException {
    Path path = file(row);
    FrameRange range = FrameRange.frames(1, 4);
    for (Pose pose : new Pose[] {
        PoseReader.read(path, range), PoseReader.read(path.toString(), Files.readAllBytes(path), range)}) {
      assertEquals(Integer.parseInt(row.get("rangeFrames")), pose.body().frames());
      assertClose(Double.parseDouble(row.get("rangeWeightedSum")), checksums(pose.body().data())[2],
          SUM_TOLERANCE, "weighted data sum");
      assertClose(Double.parseDouble(row.get("rangeConfidenceSum")), ReferenceFigures.sum(pose.body().confidence()),
          SUM_TOLERANCE, "confidence sum");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filesWithTimeRange")
  void timeRangeMatchesPoseFormat(CSVRecord row) throws IOException {
    Pose pose = PoseReader.read(file(row), FrameRange.millis(100, 500));
    assertEquals(Integer.parseInt(row.get("timeFrames")), pose.body().frames());
    assertClose(Double.parseDouble(row.get("timeWeightedSum")), checksums(pose.body().data())[2],
        SUM_TOLERANCE, "weighted data sum");
    assertClose(Double.parseDouble(row.get("timeConfidenceSum")), ReferenceFigures.sum(pose.body().confidence()),
        SUM_TOLERANCE, "confidence sum");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void rangeReadEqualsSliceOfFullRead(CSVRecord row) throws IOException {
    Pose full = PoseReader.read(file(row));
    int frames = full.body().frames();
    int start = frames / 3;
    int end = Math.max(start, frames - frames / 4);
    PoseBody expected = full.body().sliceFrames(start, end);
    PoseBody actual = PoseReader.read(file(row), FrameRange.frames(start, end)).body();
    assertArrayEquals(expected.data(), actual.data());
    assertArrayEquals(expected.confidence(), actual.confidence());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void writeThenReadIsBitIdentical(CSVRecord row) throws IOException {
    Path path = file(row);
    Pose original = PoseReader.read(path);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PoseWriter.write(original, out);
    Pose again = PoseReader.read("written", out.toByteArray(), FrameRange.all());
    assertEquals(PoseHeader.CURRENT_VERSION, again.header().version());
    assertEquals(original.header().components(), again.header().components());
    assertEquals(original.body().fps(), again.body().fps());
    assertEquals(original.body().frames(), again.body().frames());
    assertEquals(original.body().people(), again.body().people());
    assertArrayEquals(rawBits(original.body().data()), rawBits(again.body().data()));
    assertArrayEquals(rawBits(original.body().confidence()), rawBits(again.body().confidence()));
    if (row.get("version").equals("0.2")) {
      assertArrayEquals(Files.readAllBytes(path), out.toByteArray(), "a v0.2 file is written back byte for byte");
    }
  }

  /** Python writes NaN as {@code nan}. */
  private static float pythonFloat(String text) {
    return text.equals("nan") ? Float.NaN : Float.parseFloat(text);
  }

  private static int[] rawBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
