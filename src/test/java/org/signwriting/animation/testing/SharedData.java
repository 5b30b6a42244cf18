package org.signwriting.animation.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data in ../shared/data (or wherever {@code -Dswa.data} points). A fresh clone has none, so tests
 * that need it are skipped with a message; CI always has it.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared data folder, or a skipped test when it is absent. */
  public static Path dir() {
    String configured = System.getProperty("swa.data", "../shared/data");
    Path dir = Path.of(configured).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(dir),
        "skipped: shared data not found at " + dir + " (set -Dswa.data=DIR)");
    return dir;
  }

  /** A file or folder under the shared data folder, or a skipped test when it is absent. */
  public static Path path(String relative) {
    Path p = dir().resolve(relative);
    assumeTrue(Files.exists(p), "skipped: shared data has no " + p);
    return p;
  }
}
