package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.signwriting.animation.cli.SwaRun.swa;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.testing.SharedData;

class PosePreviewCommandTest {
  @TempDir Path dir;

  private static void assertOneLineError(SwaRun run, String expected) {
    assertNotEquals(0, run.exitCode());
    assertEquals(expected, run.err().strip());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void helpTeachesTheCommand() {
    SwaRun run = swa("pose", "preview", "--help");
    assertEquals(0, run.exitCode());
    for (String expected : new String[] {"IN", "OUT", "--width", "--fps", "--frame", "--transparent", ".gif", ".png",
        "fitted", "Examples:"}) {
      assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
    }
    assertTrue(swa("pose", "--help").out().contains("preview"));
  }

  @Test
  void writesAGifOfEveryFrame() throws IOException {
    Path gif = dir.resolve("sign.gif");
    SwaRun run = swa("pose", "preview", SharedData.path("poses/dsgs-original-kinder.pose").toString(), gif.toString(),
        "--width", "64");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("64 x 64, 45 frames in"), run.out());
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream input = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(input);
      assertEquals(45, reader.getNumImages(true));
      assertEquals(64, reader.getWidth(0));
    } finally {
      reader.dispose();
    }
  }

  @Test
  void writesTheChosenFrameAsPng() throws IOException {
    Path png = dir.resolve("frame.png");
    SwaRun run = swa("pose", "preview", SharedData.path("poses/pose-format-openpose.pose").toString(), png.toString(),
        "--frame", "10", "--width", "80");
    assertEquals(0, run.exitCode(), run.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(80, image.getWidth());
    assertEquals(80, image.getHeight());
    int[] pixels = image.getRGB(0, 0, 80, 80, null, 0, 80);
    assertTrue(Arrays.stream(pixels).anyMatch(p -> (p & 0xffffff) != 0xffffff), "a skeleton is drawn");
  }

  @Test
  void badPoseFileGivesOneLineAndNoOutput() throws IOException {
    Path corrupt = dir.resolve("corrupt.pose");
    Files.write(corrupt, new byte[] {1, 2, 3});
    Path gif = dir.resolve("out.gif");
    SwaRun run = swa("pose", "preview", corrupt.toString(), gif.toString());
    assertNotEquals(0, run.exitCode());
    assertTrue(run.err().startsWith("error: " + corrupt + ": "), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(Files.exists(gif));
  }

  /** A v0.2 pose of one component BODY with 3 points in {@code format}, 2 frames, 1 person, at {@code fps}. */
  private Path pose(String name, String format, float fps) throws IOException {
    int dims = format.length() - 1;
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.putFloat(0.2f).putShort((short) 100).putShort((short) 100).putShort((short) 0).putShort((short) 1);
    for (String text : new String[] {"BODY", format}) {
      out.putShort((short) text.length()).put(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.putShort((short) 3).putShort((short) 0).putShort((short) 0);
    for (String point : new String[] {"a", "b", "c"}) {
      out.putShort((short) 1).put(point.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.putFloat(fps).putInt(2).putShort((short) 1);
    for (int i = 0; i < 2 * 3 * dims; i++) {
      out.putFloat(50 + i);
    }
    for (int i = 0; i < 2 * 3; i++) {
      out.putFloat(1);
    }
    Path file = dir.resolve(name);
    Files.write(file, Arrays.copyOf(out.array(), out.position()));
    return file;
  }

  /**
   * Seen: a 22-byte file claiming 2^31-1 frames of nothing never finished; a pose without x and y failed with
   * "Index 0 out of bounds"; a frame rate of 0.001 with "Bad value for GraphicControlExtension attribute delayTime!".
   */
  @Test
  void hostilePosesEndPromptlyWithOneLine() throws IOException {
    Path huge = dir.resolve("huge.pose");
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.putFloat(0.2f).putShort((short) 100).putShort((short) 100).putShort((short) 0).putShort((short) 0)
        .putFloat(25).putInt(Integer.MAX_VALUE).putShort((short) 0);
    Files.write(huge, bytes.array());
    Path gif = dir.resolve("out.gif");
    SwaRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> swa("pose", "preview", huge.toString(), gif.toString()));
    assertOneLineError(run, "error: " + huge + ": impossible counts: 2147483647 frames of 0 people x 0 points hold "
        + "no values (at byte 16)");

    Path confidenceOnly = pose("c.pose", "C", 25);
    assertOneLineError(swa("pose", "preview", confidenceOnly.toString(), gif.toString()),
        "error: " + confidenceOnly + ": the pose has 0 dimensions per point; drawing it needs x and y");
    Path onlyX = pose("xc.pose", "XC", 25);
    assertOneLineError(swa("pose", "preview", onlyX.toString(), dir.resolve("out.png").toString()),
        "error: " + onlyX + ": the pose has 1 dimension per point; drawing it needs x and y");
    Path slow = pose("slow.pose", "XYC", 0.001f);
    assertOneLineError(swa("pose", "preview", slow.toString(), gif.toString()),
        "error: " + slow + ": the pose's frame rate is 0.0010000000474974513, too low for a GIF; give one with --fps");
    assertEquals(0, swa("pose", "preview", slow.toString(), gif.toString(), "--fps", "2").exitCode());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("c.pose", "huge.pose", "out.gif", "slow.pose", "xc.pose"),
          files.map(f -> f.getFileName().toString()).sorted().toList(), "no partial files left");
    }
  }

  @Test
  void badArgumentsGiveOneLine() {
    String pose = SharedData.path("poses/pose-format-openpose.pose").toString();
    Path mp4 = dir.resolve("out.mp4");
    assertOneLineError(swa("pose", "preview", pose, mp4.toString()),
        "error: " + mp4 + ": unknown preview format (the name must end in .gif or .png)");
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.gif").toString(), "--frame", "3"),
        "error: --frame applies to PNG output; a GIF gets every frame");
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.png").toString(), "--frame", "93"),
        "error: " + pose + ": --frame 93 is outside the pose's frames 0..92");
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.gif").toString(), "--fps", "0"),
        "error: --fps must be at least 0.0015 (a GIF frame lasts at most 655.35 s), not 0.0");
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.gif").toString(), "--width", "10000"),
        "error: " + pose + ": a 10000 x 10000 picture is too large (at most 8192 pixels a side)");
    // 93 frames of 8000 x 8000 pixels: minutes of drawing and encoding, refused before the first frame
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.gif").toString(), "--width", "8000"),
        "error: " + pose + ": a GIF of 93 frames at 8000 x 8000 is 6.0 billion pixels, more than the 4.0 billion a "
            + "preview draws: make the picture narrower (--width)");
    assertFalse(Files.exists(dir.resolve("a.gif")));
    assertFalse(Files.exists(dir.resolve("a.png")));
  }
}
