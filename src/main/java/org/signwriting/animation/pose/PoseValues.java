package org.signwriting.animation.pose;

import java.util.Locale;

/**
 * Which values a pose must hold to be trained on or measured: every confidence a finite number, not negative, and
 * every detected point's coordinates finite and within {@link #MAX_COORDINATE}. Undetected (masked) points may hold
 * anything, as in pose-format (its hand-normalized files hold NaN there); their values are never used.
 */
public final class PoseValues {
  /**
   * The largest coordinate accepted, in absolute value. Video pixels stay below 2 x 65,535 (the format's largest
   * video; MediaPipe places undetectable points somewhat outside the picture), normalized and world coordinates are
   * a few units: 3e38 is damage, not a position, and squares of such values overflow the statistics.
   */
  public static final float MAX_COORDINATE = 1e6f;
  private static final String[] AXES = {"x", "y", "z"};

  private PoseValues() {}

  /** Throws a {@link PoseValueException} naming the first value that is not usable. */
  public static void check(Pose pose) {
    String problem = firstProblem(pose);
    if (problem != null) {
      throw new PoseValueException(problem);
    }
  }

  /** The first value that is not usable, as {@code frame F, point COMPONENT/NAME: x is NaN}, or null. */
  public static String firstProblem(Pose pose) {
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    int dims = body.dims();
    for (int index = 0; index < confidence.length; index++) {
      float c = confidence[index];
      if (!(c >= 0) || c == Float.POSITIVE_INFINITY) {
        return where(pose, index) + ": confidence is " + c + " (a finite number, 0 when not detected)";
      }
      if (c == 0) {
        continue;
      }
      for (int d = 0; d < dims; d++) {
        float value = data[index * dims + d];
        if (!(Math.abs(value) <= MAX_COORDINATE)) {
          return where(pose, index) + ": " + (d < AXES.length ? AXES[d] : "dimension " + d) + " is " + value
              + String.format(Locale.ROOT, " (a detected point's coordinates are finite, within +-%.0e)",
                  (double) MAX_COORDINATE);
        }
      }
    }
    return null;
  }

  private static String where(Pose pose, int index) {
    PoseBody body = pose.body();
    int point = index % body.points();
    int row = index / body.points();
    String person = body.people() > 1 ? ", person " + row % body.people() : "";
    return "frame " + row / body.people() + person + ", point " + pose.header().pointName(point);
  }
}
