package org.signwriting.animation.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Files written whole or not at all: the content goes to a temporary file beside the target, which is then moved
 * into place in one step, so a reader never sees half a file and a failure leaves the previous file as it was.
 *
 * <p>The temporary file is created as any new file is, so the result has the permissions the user's umask gives
 * (usually 0644). {@link Files#createTempFile} would make it 0600, readable by its owner alone.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file, given its temporary path (the writer may also replace that file). */
  @FunctionalInterface
  public interface FileWriter {
    void writeTo(Path temporary) throws IOException;
  }

  /** Writes the content of a file to a stream (buffered, closed afterwards). */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code file} through {@code writer}; its folder must exist. */
  public static void write(Path file, StreamWriter writer) throws IOException {
    writeFile(file, temporary -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        writer.write(out);
      }
    });
  }

  /** Lets {@code writer} fill a temporary file beside {@code file}, then moves it into place. */
  public static void writeFile(Path file, FileWriter writer) throws IOException {
    Path target = file.toAbsolutePath();
    Path temporary = newTemporary(target);
    try {
      writer.writeTo(temporary);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A new empty file {@code .NAME.RANDOM.tmp} beside {@code target}, with the default permissions. */
  private static Path newTemporary(Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + ".tmp";
      try {
        return Files.createFile(target.resolveSibling(name));
      } catch (FileAlreadyExistsException taken) {
        if (attempt > 100) {
          throw taken;
        }
      }
    }
  }

  /**
   * Deletes a folder and everything in it (a staging folder left by a failed run, a folder being replaced);
   * nothing happens when it does not exist. Links are deleted, not followed.
   */
  public static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
