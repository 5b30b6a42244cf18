package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated good and bad files: each bad one is a PoseFormatException with the right offset and reason. */
class PoseReaderErrorTest {
  /** Header of {@link #sample()}: 12 fixed bytes, component "BODY" "XYZC", 3 points "P0".."P2", one limb. */
  private static final int HEADER_BYTES = 12 + (2 + 4) + (2 + 4) + 6 + 3 * (2 + 2) + 4 + 6;
  private static final int FRAMES = 4;
  private static final int PEOPLE = 2;
  private static final int POINTS = 3;

  @TempDir Path dir;

  /** 4 frames, 2 people, 3 points of 3 dims, distinct values; person 1's point 2 undetected. */
  static Pose sample() {
    PoseComponent body = new PoseComponent("BODY", "XYZC", List.of("P0", "P1", "P2"),
        List.of(new PoseComponent.Limb(0, 1)), List.of(new PoseComponent.Rgb(255, 0, 0)));
    float[] data = new float[FRAMES * PEOPLE * POINTS * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0.5f - 7;
    }
    float[] confidence = new float[FRAMES * PEOPLE * POINTS];
    for (int i = 0; i < confidence.length; i++) {
      confidence[i] = i % 6 == 5 ? 0 : 0.25f + i / 100f;
    }
    return new Pose(new PoseHeader(0.2f, 640, 480, 0, List.of(body)),
        new PoseBody(25, FRAMES, PEOPLE, POINTS, 3, data, confidence));
  }

  static byte[] v02(Pose pose) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PoseWriter.write(pose, out);
    return out.toByteArray();
  }

  /** The same pose as version 0.1: version 0.1, a body header of three 16-bit numbers. */
  static byte[] v01(Pose pose) throws IOException {
    byte[] v02 = v02(pose);
    ByteBuffer out = ByteBuffer.allocate(v02.length - 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(v02, 0, HEADER_BYTES).putFloat(0, 0.1f);
    out.putShort((short) pose.body().fps()).putShort((short) pose.body().frames())
        .putShort((short) pose.body().people());
    out.put(v02, HEADER_BYTES + 10, v02.length - HEADER_BYTES - 10);
    return out.array();
  }

  private PoseFormatException failure(byte[] bytes) throws IOException {
    Path file = dir.resolve("bad.pose");
    Files.write(file, bytes);
    PoseFormatException error = assertThrows(PoseFormatException.class, () -> PoseReader.read(file));
    assertEquals(file.toString(), error.file());
    assertEquals(file + ": " + error.reason() + " (at byte " + error.offset() + ")", error.getMessage());
    PoseFormatException inMemory = assertThrows(PoseFormatException.class,
        () -> PoseReader.read("bad.pose", bytes, FrameRange.all()));
    assertEquals(error.reason(), inMemory.reason());
    assertEquals(error.offset(), inMemory.offset());
    return error;
  }

  @Test
  void sampleHeaderHasTheExpectedSize() throws IOException {
    byte[] bytes = v02(sample());
    assertEquals(HEADER_BYTES + 10 + FRAMES * PEOPLE * POINTS * 4 * 4, bytes.length);
  }

  @Test
  void versionsZeroOneAndZeroTwoOfTheSamePoseReadTheSame() throws IOException {
    Pose pose = sample();
    for (byte[] bytes : List.of(v02(pose), v01(pose))) {
      Pose read = PoseReader.read("sample", bytes, FrameRange.all());
      assertEquals(pose.header().components(), read.header().components());
      assertEquals(25f, read.body().fps());
      assertEquals(PEOPLE, read.body().people());
      assertArrayEquals(pose.body().data(), read.body().data());
      assertArrayEquals(pose.body().confidence(), read.body().confidence());
      assertEquals(true, read.body().isMasked(0, 1, 2));
      Pose middle = PoseReader.read("sample", bytes, FrameRange.frames(1, 3));
      assertArrayEquals(pose.body().sliceFrames(1, 3).data(), middle.body().data());
      assertArrayEquals(pose.body().sliceFrames(1, 3).confidence(), middle.body().confidence());
    }
  }

  @Test
  void timeRangeUsesTheFpsAndClampsTheEnd() throws IOException {
    byte[] bytes = v02(sample());
    // 25 fps: 40 ms is frame 1 (rounded down), 10 s is past the end
    Pose pose = PoseReader.read("sample", bytes, FrameRange.millis(40, 10_000));
    assertArrayEquals(sample().body().sliceFrames(1, FRAMES).data(), pose.body().data());
    // 50 ms .. 90 ms: frames 1 (floor 1.25) to 3 (ceil 2.25)
    assertEquals(2, PoseReader.read("sample", bytes, FrameRange.millis(50, 90)).body().frames());
  }

  /** Version 0.0: per frame its people, per person an id and the points' values followed by the confidence. */
  @Test
  void versionZeroZeroKeepsTheFirstPersonOfEachFrame() throws IOException {
    ByteBuffer out = ByteBuffer.allocate(1000).order(ByteOrder.LITTLE_ENDIAN);
    out.put(v02(sample()), 0, HEADER_BYTES).putFloat(0, 0f);
    out.putShort((short) 30).putShort((short) 2);
    out.putShort((short) 2); // frame 0: two people
    for (int person = 0; person < 2; person++) {
      out.putShort((short) (7 + person));
      for (int point = 0; point < POINTS; point++) {
        out.putFloat(person * 100 + point).putFloat(1).putFloat(2).putFloat(point == 1 ? 0 : 0.9f);
      }
    }
    out.putShort((short) 0); // frame 1: nobody
    byte[] bytes = Arrays.copyOf(out.array(), out.position());

    Pose pose = PoseReader.read("v00", bytes, FrameRange.all());
    assertEquals(30f, pose.body().fps());
    assertEquals(2, pose.body().frames());
    assertEquals(1, pose.body().people());
    assertArrayEquals(new float[] {0, 1, 2, 1, 1, 2, 2, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0}, pose.body().data());
    assertArrayEquals(new float[] {0.9f, 0, 0.9f, 0, 0, 0}, pose.body().confidence());

    PoseFormatException error = failure(Arrays.copyOf(bytes, bytes.length - 1));
    assertEquals(bytes.length - 2, error.offset());
    assertEquals("truncated body: the file ends inside frame 1's number of people (needs 2 bytes, 1 left)",
        error.reason());
  }

  /**
   * A 3.2 GB file (sparse: its frames are zeros on disk) whose whole body could not be held in one array of bytes:
   * a range reads only its frames.
   */
  @Test
  void rangeOfAHugeFileReadsOnlyThatRange() throws IOException {
    int frames = 200_000_000;
    byte[] header = Arrays.copyOf(v02(sample()), HEADER_BYTES + 10);
    ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER_BYTES + 4, frames);
    Path file = dir.resolve("huge.pose");
    try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      out.write(header);
      out.setLength(header.length + (long) frames * PEOPLE * POINTS * 4 * Float.BYTES);
    }
    Pose pose = PoseReader.read(file, FrameRange.frames(frames - 3, frames + 5));
    assertEquals(3, pose.body().frames());
    assertArrayEquals(new float[3 * PEOPLE * POINTS * 3], pose.body().data());
    assertEquals(120, PoseReader.read(file, FrameRange.millis(60_000, 64_800)).body().frames());
    PoseFormatException whole = assertThrows(PoseFormatException.class, () -> PoseReader.read(file));
    assertEquals("too large to read at once: all frames is 200000000 frames x 2 people x 3 points x 3 dims, more "
        + "values than one array holds; read a smaller frame range", whole.reason());
  }

  @Test
  void emptyFile() throws IOException {
    PoseFormatException error = failure(new byte[0]);
    assertEquals(0, error.offset());
    assertEquals("empty file, not a .pose file", error.reason());
  }

  @Test
  void truncatedHeader() throws IOException {
    // bytes 24..29 hold BODY's counts, 30..41 its point names, 42..45 its limb, 46..51 its colour: cut inside it
    PoseFormatException error = failure(Arrays.copyOf(v02(sample()), 47));
    assertEquals(46, error.offset());
    assertEquals("truncated header: the file ends inside BODY's colors (needs 2 bytes, 1 left)", error.reason());
    // cut after P0's first letter: the counts already say that the rest cannot fit, before anything is allocated
    PoseFormatException counts = failure(Arrays.copyOf(v02(sample()), 33));
    assertEquals(24, counts.offset());
    assertEquals("impossible counts or truncated header: component BODY's 3 points, 1 limbs and 1 colors need at "
        + "least 16 bytes of header, the file has 3 left", counts.reason());
    PoseFormatException inVersion = failure(new byte[] {1, 2});
    assertEquals(0, inVersion.offset());
    assertEquals("truncated header: the file ends inside the version (needs 4 bytes, 2 left)", inVersion.reason());
  }

  @Test
  void truncatedBody() throws IOException {
    byte[] bytes = v02(sample());
    PoseFormatException error = failure(Arrays.copyOf(bytes, bytes.length - 4));
    assertEquals(bytes.length - 4, error.offset());
    assertEquals("truncated body: 4 frames of 2 people x 3 points need 384 bytes from byte " + (HEADER_BYTES + 10)
        + ", the file has 380", error.reason());
    PoseFormatException inBodyHeader = failure(Arrays.copyOf(bytes, HEADER_BYTES + 6));
    assertEquals(HEADER_BYTES + 4, inBodyHeader.offset());
    assertEquals("truncated body: the file ends inside the number of frames (needs 4 bytes, 2 left)",
        inBodyHeader.reason());
  }

  @Test
  void versionZeroOneBodyThatIsNotAWholeNumberOfFrames() throws IOException {
    byte[] bytes = v01(sample());
    PoseFormatException error = failure(Arrays.copyOf(bytes, bytes.length - 4));
    assertEquals(bytes.length - 4, error.offset());
    assertEquals("truncated body: the 380 bytes after the body header are not a whole number of frames of 96 bytes"
        + " (2 people x 3 points x 4 values)", error.reason());
  }

  @Test
  void unknownVersion() throws IOException {
    byte[] bytes = v02(sample());
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 0.3f);
    PoseFormatException error = failure(bytes);
    assertEquals(0, error.offset());
    assertEquals("unknown version 0.3 (this reader knows 0.0, 0.1 and 0.2)", error.reason());
  }

  @Test
  void impossibleCounts() throws IOException {
    int framesOffset = HEADER_BYTES + 4;
    for (int frames : new int[] {-1, Integer.MAX_VALUE}) {
      byte[] bytes = v02(sample());
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(framesOffset, frames);
      PoseFormatException error = failure(bytes);
      assertEquals(framesOffset, error.offset());
      assertEquals("impossible counts: " + Integer.toUnsignedString(frames) + " frames x 2 people x 3 points x 3 "
          + "dims, in a body of 384 bytes", error.reason());
    }
    ByteBuffer noFormat = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    noFormat.putFloat(0.2f).putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 1);
    noFormat.putShort((short) 5).put("EMPTY".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    noFormat.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0);
    PoseFormatException error = failure(noFormat.array());
    assertEquals(12 + 2 + 5, error.offset());
    assertEquals("impossible counts: component EMPTY has an empty point format", error.reason());
  }

  /** A v0.0 header of one component with {@code points} unnamed XYZC points, then the fps and frame count. */
  private static ByteBuffer v00Header(int points, int frames, int bodyBytes) {
    ByteBuffer out = ByteBuffer.allocate(12 + 6 + 6 + 6 + 2 * points + 4 + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.putFloat(0f).putShort((short) 100).putShort((short) 100).putShort((short) 0).putShort((short) 1);
    out.putShort((short) 4).put("BODY".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.putShort((short) 4).put("XYZC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.putShort((short) points).putShort((short) 0).putShort((short) 0);
    for (int p = 0; p < points; p++) {
      out.putShort((short) 0);
    }
    return out.putShort((short) 25).putShort((short) frames);
  }

  /** Seen: a 20 KB v0.0 file claiming 65,535 frames of 10,000 points, no body, ran every command out of memory. */
  @Test
  void versionZeroZeroCountsAreCheckedAgainstTheFileBeforeAllocating() throws IOException {
    ByteBuffer noBody = v00Header(10_000, 65_535, 0);
    PoseFormatException error = failure(noBody.array());
    assertEquals(noBody.capacity() - 2, error.offset());
    assertEquals("impossible counts or truncated body: 65535 frames need at least 131070 bytes of body, the file "
        + "has 0 left", error.reason());

    // Every frame present but without people: each would be 10,000 points of zeros, 640 MB from a 150 KB file.
    ByteBuffer emptyFrames = v00Header(10_000, 65_535, 65_535 * 2);
    PoseFormatException expansion = failure(emptyFrames.array());
    assertEquals(noBody.capacity(), expansion.offset());
    assertEquals("impossible counts: 65535 frames x 1 people x 10000 points x 4 values would take 10485600000 "
        + "bytes in memory, more than 64 times the file's " + emptyFrames.capacity() + " bytes (frames without "
        + "people?)", expansion.reason());

    // A frame claiming more people than the file holds is found before the frames are allocated.
    ByteBuffer tooManyPeople = v00Header(3, 2, 2 + 2 + 3 * 16);
    tooManyPeople.putShort((short) 9).putShort((short) 0);
    PoseFormatException people = failure(tooManyPeople.array());
    assertEquals("truncated body: the file ends inside frame 0's people (needs 450 bytes, 50 left)",
        people.reason());
  }

  /**
   * Seen: a 22-byte v0.2 file (no components, 2^31-1 frames) was read as a pose of 2^31-1 empty frames, and
   * previewing it never ended; with 2^32-1 frames the count overflowed into "negative shape: -1 frames".
   */
  @Test
  void framesWithoutValuesAreImpossible() throws IOException {
    for (long frames : new long[] {Integer.MAX_VALUE, 0xFFFF_FFFFL}) {
      ByteBuffer file = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
      file.putFloat(0.2f).putShort((short) 100).putShort((short) 100).putShort((short) 0).putShort((short) 0);
      file.putFloat(25).putInt((int) frames).putShort((short) 1);
      PoseFormatException error = failure(file.array());
      assertEquals(16, error.offset());
      assertEquals("impossible counts: " + frames + " frames of 1 people x 0 points hold no values", error.reason());
    }
    byte[] noPeople = v02(sample());
    ByteBuffer.wrap(noPeople).order(ByteOrder.LITTLE_ENDIAN).putShort(HEADER_BYTES + 8, (short) 0);
    assertEquals("impossible counts: 4 frames of 0 people x 3 points hold no values", failure(noPeople).reason());
  }

  @Test
  void componentCountsAreCheckedAgainstTheFileBeforeAllocating() throws IOException {
    ByteBuffer file = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
    file.putFloat(0.2f).putShort((short) 100).putShort((short) 100).putShort((short) 0).putShort((short) 0xFFFF);
    PoseFormatException error = failure(file.array());
    assertEquals(10, error.offset());
    assertEquals("impossible counts or truncated header: 65535 components need at least 720885 bytes of header, "
        + "the file has 2 left", error.reason());
  }

  @Test
  void negativeFps() throws IOException {
    byte[] bytes = v02(sample());
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(HEADER_BYTES, -25f);
    PoseFormatException error = failure(bytes);
    assertEquals(HEADER_BYTES, error.offset());
    assertEquals("impossible fps -25.0", error.reason());
  }

  @Test
  void rangeThatStartsAfterTheLastFrame() throws IOException {
    Path file = dir.resolve("four-frames.pose");
    PoseWriter.write(sample(), file);
    PoseFormatException error =
        assertThrows(PoseFormatException.class, () -> PoseReader.read(file, FrameRange.frames(4, 6)));
    assertEquals("the range frames [4, 6) starts at frame 4 but the file has 4 frames", error.reason());
    assertEquals(HEADER_BYTES + 10, error.offset());
  }

  @Test
  void directoryIsNotAPoseFile() {
    PoseFormatException error = assertThrows(PoseFormatException.class, () -> PoseReader.read(dir));
    assertEquals("is a directory, not a .pose file", error.reason());
  }
}
