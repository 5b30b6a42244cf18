package org.signwriting.animation.pose;

import java.io.IOException;

/** A {@code .pose} input that cannot be read: names the file, the byte offset where reading failed and why. */
public final class PoseFormatException extends IOException {
  private final String file;
  private final long offset;
  private final String reason;

  public PoseFormatException(String file, long offset, String reason) {
    super(file + ": " + reason + " (at byte " + offset + ")");
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  public String reason() {
    return reason;
  }
}
