package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seen: {@code pose preprocess}, {@code animate} and {@code train} wrote their files with mode 0600 (a temporary
 * file moved into place), whatever the user's umask. Every file written whole-or-not-at-all gets the permissions
 * a new file gets.
 */
class WrittenFilePermissionsTest {
  @TempDir Path dir;

  private String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void posesAndPreviewsHaveTheUmasksPermissions() throws IOException {
    String expected = permissions(Files.createFile(dir.resolve("plain")));
    Pose pose = PoseReaderErrorTest.sample();
    Path written = dir.resolve("pose.pose");
    PoseWriter.write(pose, written);
    PoseWriter.write(pose, written); // replacing keeps them too
    assertEquals(expected, permissions(written));
    PoseVisualizer visualizer = new PoseVisualizer(pose, 32, false);
    visualizer.writeGif(dir.resolve("pose.gif"), 25, frames -> { });
    visualizer.writePng(0, dir.resolve("pose.png"));
    assertEquals(expected, permissions(dir.resolve("pose.gif")));
    assertEquals(expected, permissions(dir.resolve("pose.png")));
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count(), "no temporary files left");
    }
  }
}
