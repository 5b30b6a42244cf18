package org.signwriting.animation.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Input and output errors in words, without Java's class names: what users read in messages and tables. */
public final class IoErrors {
  private IoErrors() {}

  /** Why {@code e} happened, without the path: "permission denied", "no such file", or the system's reason. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : "cannot be read";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? "input/output error" : message.lines().findFirst().orElse(message);
  }

  /** {@code PATH: reason} for file system errors (they carry the path), otherwise the message. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + reason(e);
    }
    return reason(e);
  }
}
