package org.signwriting.animation.pose;

import java.io.IOException;

/**
 * A {@code .pose} input that cannot be read: names the file, the byte offset where reading failed, what kind of
 * problem it is and why.
 */
public final class PoseFormatException extends IOException {

  /** What is wrong, for callers that act on it (e.g. a job's rejection kinds) without reading the message. */
  public enum Problem {
    /** Empty, a folder, or an unknown version: not a {@code .pose} file at all. */
    NOT_A_POSE_FILE,
    /** The file ends before what its header announces. */
    TRUNCATED,
    /** Counts or numbers in the header that no file could hold or mean (also a file cut inside its header). */
    IMPOSSIBLE_COUNTS,
    /** A well-formed file whose frames do not fit in memory at once: read a frame range. */
    TOO_LARGE,
    /** The requested frame or time range starts at or after the file's last frame. */
    RANGE_OUTSIDE_FILE
  }

  private final String file;
  private final long offset;
  private final Problem problem;
  private final String reason;

  public PoseFormatException(String file, long offset, Problem problem, String reason) {
    super(file + ": " + reason + " (at byte " + offset + ")");
    this.file = file;
    this.offset = offset;
    this.problem = problem;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  public Problem problem() {
    return problem;
  }

  public String reason() {
    return reason;
  }
}
