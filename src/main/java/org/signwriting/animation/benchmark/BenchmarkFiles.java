package org.signwriting.animation.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import org.signwriting.animation.util.AtomicFiles;

/** Where benchmarks find the installation and the shared data, and how they clean up after themselves. */
public final class BenchmarkFiles {
  private BenchmarkFiles() {}

  /** The installation folder ({@code bin/swa} sets {@code swa.home}; tests run in the project folder). */
  public static Path home() {
    return Path.of(System.getProperty("swa.home", System.getProperty("swa.project.dir", "."))).toAbsolutePath()
        .normalize();
  }

  /** A path under the shared data folder beside the installation, {@code ../shared/data}. */
  public static Path sharedData(String relative) {
    return home().resolve("../shared/data").resolve(relative).normalize();
  }

  /** Deletes a folder and everything in it; nothing happens when it does not exist. */
  public static void deleteRecursively(Path folder) throws IOException {
    AtomicFiles.deleteRecursively(folder);
  }
}
