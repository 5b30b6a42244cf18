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
        "error: --fps must be positive, not 0.0");
    assertOneLineError(swa("pose", "preview", pose, dir.resolve("a.gif").toString(), "--width", "10000"),
        "error: a 10000 x 10000 picture is too large (at most 8192 pixels a side)");
    assertFalse(Files.exists(dir.resolve("a.gif")));
    assertFalse(Files.exists(dir.resolve("a.png")));
  }
}
