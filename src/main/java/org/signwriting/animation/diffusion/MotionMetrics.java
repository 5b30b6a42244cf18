package org.signwriting.animation.diffusion;

import org.signwriting.animation.pose.Holistic;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;

/**
 * Quality measures of generated motion, on flat row-major {@code frames × points × dims} arrays with optional
 * {@code frames × points} masks (1 = real point; null = every point real).
 */
public final class MotionMetrics {
  private MotionMetrics() {}

  /**
   * DTW-MJE as pose-evaluation defines it ({@code DTWAggregatedPowerDistanceMeasure}, order 2, default distance
   * 0, mean aggregation): for each point, dynamic time warping of its trajectory in {@code a} against its
   * trajectory in {@code b}, where aligning two frames costs the Euclidean distance between the point's
   * positions, or 0 when the point is masked in either; the point's distance is the summed cost of the best
   * alignment; the result is the mean over the points. It reads in pose units summed along the alignment, so it
   * grows with the sequences' length. pose-evaluation computes the alignment with fastdtw, an approximation of
   * the exact dynamic time warping computed here (equal for sequences shorter than three frames).
   */
  public static double dtwMeanJointError(float[] a, float[] maskA, float[] b, float[] maskB, int points,
      int dims) {
    int n = a.length / (points * dims);
    int m = b.length / (points * dims);
    if (n == 0 || m == 0) {
      throw new IllegalArgumentException("DTW-MJE needs at least one frame on each side");
    }
    double[] previous = new double[m + 1];
    double[] current = new double[m + 1];
    double sum = 0;
    for (int p = 0; p < points; p++) {
      java.util.Arrays.fill(previous, Double.POSITIVE_INFINITY);
      previous[0] = 0;
      for (int i = 1; i <= n; i++) {
        current[0] = Double.POSITIVE_INFINITY;
        boolean realA = real(maskA, i - 1, p, points);
        int offsetA = ((i - 1) * points + p) * dims;
        for (int j = 1; j <= m; j++) {
          double cost = 0;
          if (realA && real(maskB, j - 1, p, points)) {
            int offsetB = ((j - 1) * points + p) * dims;
            double squared = 0;
            for (int d = 0; d < dims; d++) {
              double e = a[offsetA + d] - b[offsetB + d];
              squared += e * e;
            }
            cost = Math.sqrt(squared);
          }
          current[j] = cost + Math.min(previous[j - 1], Math.min(previous[j], current[j - 1]));
        }
        double[] swap = previous;
        previous = current;
        current = swap;
      }
      sum += previous[m];
    }
    return sum / points;
  }

  /**
   * Normalized DTW-MJE, pose-evaluation's DTW-MJE after its {@code NormalizePosesProcessor}: each pose
   * shoulder-normalized on its own (pose-format's {@code normalize}: the shoulders' mean midpoint at the origin,
   * their mean distance 1), then {@link #dtwMeanJointError} over the first person's points. Both poses must
   * share a layout with shoulders (MediaPipe holistic or OpenPose).
   */
  public static double normalizedDtwMeanJointError(Pose hypothesis, Pose reference) {
    Pose h = Holistic.normalizeShoulders(hypothesis);
    Pose r = Holistic.normalizeShoulders(reference);
    if (h.body().points() != r.body().points() || h.body().dims() != r.body().dims()) {
      throw new IllegalArgumentException("the poses have " + h.body().points() + " and " + r.body().points()
          + " points; DTW-MJE compares poses of one layout");
    }
    return dtwMeanJointError(firstPerson(h.body()), firstPersonMask(h.body()), firstPerson(r.body()),
        firstPersonMask(r.body()), h.body().points(), h.body().dims());
  }

  private static float[] firstPerson(PoseBody body) {
    if (body.people() == 1) {
      return body.data();
    }
    int frame = body.points() * body.dims();
    float[] data = new float[body.frames() * frame];
    for (int f = 0; f < body.frames(); f++) {
      System.arraycopy(body.data(), body.dataIndex(f, 0, 0), data, f * frame, frame);
    }
    return data;
  }

  private static float[] firstPersonMask(PoseBody body) {
    float[] mask = new float[body.frames() * body.points()];
    for (int f = 0; f < body.frames(); f++) {
      System.arraycopy(body.confidence(), body.confidenceIndex(f, 0, 0), mask, f * body.points(), body.points());
    }
    return mask;
  }

  /** Mean absolute change of a coordinate from one frame to the next, over real points. */
  public static double meanDisplacement(float[] motion, float[] mask, int points, int dims) {
    int frames = motion.length / (points * dims);
    double sum = 0;
    long count = 0;
    for (int f = 1; f < frames; f++) {
      for (int p = 0; p < points; p++) {
        if (!real(mask, f, p, points) || !real(mask, f - 1, p, points)) {
          continue;
        }
        for (int d = 0; d < dims; d++) {
          int i = (f * points + p) * dims + d;
          sum += Math.abs(motion[i] - motion[i - points * dims]);
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /**
   * Generated motion per frame over real motion per frame: near 1 when the model moves as much as the data,
   * near 0 when its motion collapses to a still pose.
   */
  public static double displacementRatio(float[] generated, float[] real, float[] realMask, int points,
      int dims) {
    double realMotion = meanDisplacement(real, realMask, points, dims);
    return realMotion == 0 ? Double.NaN : meanDisplacement(generated, realMask, points, dims) / realMotion;
  }

  /** Mean squared error over the real points. */
  public static double maskedMse(float[] predicted, float[] target, float[] mask, int points, int dims) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < target.length; i++) {
      int frame = i / (points * dims);
      int point = (i / dims) % points;
      if (real(mask, frame, point, points)) {
        double e = predicted[i] - target[i];
        sum += e * e;
        count++;
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  private static boolean real(float[] mask, int frame, int point, int points) {
    return mask == null || mask[frame * points + point] > 0;
  }
}
