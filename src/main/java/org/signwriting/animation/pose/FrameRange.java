package org.signwriting.animation.pose;

/**
 * Which frames of a file to read: all of them, frames by index, or a time span in milliseconds that the file's
 * fps turns into frames (start rounded down, end rounded up, as pose-format does). An end past the file's last
 * frame is clamped to it; a start at or past it is an error.
 */
public final class FrameRange {
  private static final FrameRange ALL = new FrameRange(false, 0, Long.MAX_VALUE);

  private final boolean millis;
  private final long start;
  private final long end;

  private FrameRange(boolean millis, long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid " + (millis ? "time" : "frame") + " range [" + start + ", " + end
          + ")" + (millis ? " ms" : ""));
    }
    this.millis = millis;
    this.start = start;
    this.end = end;
  }

  public static FrameRange all() {
    return ALL;
  }

  /** Frames {@code start} (inclusive) to {@code endExclusive}. */
  public static FrameRange frames(int start, int endExclusive) {
    return new FrameRange(false, start, endExclusive);
  }

  /** The frames from {@code startMs} to {@code endMs}, converted with the file's fps. */
  public static FrameRange millis(long startMs, long endMs) {
    return new FrameRange(true, startMs, endMs);
  }

  public boolean isAll() {
    return this == ALL;
  }

  /** The first frame to read. */
  long firstFrame(float fps) {
    return millis ? (long) Math.floor(start / 1000.0 * fps) : start;
  }

  /** The frame after the last one to read, clamped to {@code frames}. */
  long endFrame(float fps, long frames) {
    double last = millis ? Math.ceil(end / 1000.0 * fps) : end;
    return (long) Math.min(last, frames);
  }

  @Override
  public String toString() {
    if (isAll()) {
      return "all frames";
    }
    return millis ? "[" + start + " ms, " + end + " ms)" : "frames [" + start + ", " + end + ")";
  }
}
