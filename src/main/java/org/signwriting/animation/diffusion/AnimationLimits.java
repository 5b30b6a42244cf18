package org.signwriting.animation.diffusion;

import java.util.Arrays;
import java.util.Locale;

/**
 * The one place that bounds what an animation request may cost: the number of signs, the frames of one sign and
 * the frames of the whole animation. Sampling costs about 5 ms a frame on one core (20-frame chunks, 8 steps,
 * guidance) and memory grows with the frames, so text alone must not be able to ask for hours or gigabytes:
 * {@code animate --frames 1000000000} is one line, not an OutOfMemoryError. {@link SignAnimator} checks every
 * request against its limits before rendering, embedding or sampling; a service (e.g. an HTTP one) passes its own,
 * usually lower, limits and adds its own (body size, concurrency).
 *
 * @param maxSigns signs in one request
 * @param maxFramesPerSign frames of one sign, asked for or predicted (the length head's prediction is clamped to it)
 * @param maxFrames frames of the whole animation
 */
public record AnimationLimits(int maxSigns, int maxFramesPerSign, int maxFrames) {

  /**
   * 100 signs (a long passage), 1,000 frames a sign (40 s at 25 fps; real signs take 1 to 3 s), 10,000 frames in
   * all (6.7 min at 25 fps, about a minute of sampling on one core, 21 MB of values).
   */
  public static final AnimationLimits DEFAULT = new AnimationLimits(100, 1_000, 10_000);

  /** Which limit a request went past. */
  public enum Limit {
    SIGNS, FRAMES_PER_SIGN, FRAMES
  }

  /** A request beyond a limit: says which, what was asked and what is allowed, for callers to word it their way. */
  public static final class LimitException extends IllegalArgumentException {
    private final Limit limit;
    private final long requested;
    private final long allowed;

    LimitException(Limit limit, long requested, long allowed, String message) {
      super(message);
      this.limit = limit;
      this.requested = requested;
      this.allowed = allowed;
    }

    public Limit limit() {
      return limit;
    }

    public long requested() {
      return requested;
    }

    public long allowed() {
      return allowed;
    }
  }

  public AnimationLimits {
    if (maxSigns < 1 || maxFramesPerSign < 1 || maxFrames < 1) {
      throw new IllegalArgumentException("animation limits must be positive: " + maxSigns + " signs, "
          + maxFramesPerSign + " frames a sign, " + maxFrames + " frames");
    }
  }

  /**
   * Checks the number of signs and, when given, the frames asked for each sign and so for the whole animation
   * (before any work: without them the total is known only once the model has predicted each sign's length).
   */
  public void checkRequest(int signs, Integer framesPerSign) {
    if (signs > maxSigns) {
      throw new LimitException(Limit.SIGNS, signs, maxSigns, String.format(Locale.ROOT,
          "%,d signs are more than the %,d one animation may have", signs, maxSigns));
    }
    if (framesPerSign != null && (framesPerSign < 1 || framesPerSign > maxFramesPerSign)) {
      throw new LimitException(Limit.FRAMES_PER_SIGN, framesPerSign, maxFramesPerSign, String.format(Locale.ROOT,
          "%,d frames a sign: a sign has 1 to %,d frames", framesPerSign, maxFramesPerSign));
    }
    if (framesPerSign != null) {
      int[] frames = new int[signs];
      Arrays.fill(frames, framesPerSign);
      checkTotal(frames);
    }
  }

  /** Checks the frames of all signs together. */
  public void checkTotal(int[] framesPerSign) {
    long total = 0;
    for (int frames : framesPerSign) {
      total += frames;
    }
    if (total > maxFrames) {
      throw new LimitException(Limit.FRAMES, total, maxFrames, String.format(Locale.ROOT,
          "the %,d signs would take %,d frames, more than the %,d one animation may have", framesPerSign.length,
          total, maxFrames));
    }
  }
}
