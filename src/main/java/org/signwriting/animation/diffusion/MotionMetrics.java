package org.signwriting.animation.diffusion;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Quality measures of generated motion, on flat row-major {@code frames × points × dims} arrays with optional
 * {@code frames × points} masks (1 = real point; null = every point real).
 */
public final class MotionMetrics {
  private MotionMetrics() {}

  /**
   * DTW-MJE: dynamic time warping of two sequences where aligning two frames costs their mean joint error
   * (mean Euclidean distance over the points real in both); the cost of the best alignment divided by its
   * number of aligned pairs, so it reads in pose units per frame. Frames with no real point are skipped.
   */
  public static double dtwMeanJointError(float[] a, float[] maskA, float[] b, float[] maskB, int points,
      int dims) {
    int[] framesA = realFrames(a, maskA, points, dims);
    int[] framesB = realFrames(b, maskB, points, dims);
    int n = framesA.length;
    int m = framesB.length;
    if (n == 0 || m == 0) {
      throw new IllegalArgumentException("DTW-MJE needs at least one frame with a real point on each side");
    }
    double[][] cost = new double[n + 1][m + 1];
    int[][] pairs = new int[n + 1][m + 1];
    for (double[] row : cost) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    cost[0][0] = 0;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        double here = meanJointError(a, maskA, framesA[i - 1], b, maskB, framesB[j - 1], points, dims);
        int bi = i - 1;
        int bj = j - 1;
        if (cost[i - 1][j] < cost[bi][bj]) {
          bj = j;
        }
        if (cost[i][j - 1] < cost[bi][bj]) {
          bi = i;
          bj = j - 1;
        }
        cost[i][j] = cost[bi][bj] + here;
        pairs[i][j] = pairs[bi][bj] + 1;
      }
    }
    return cost[n][m] / pairs[n][m];
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

  private static double meanJointError(float[] a, float[] maskA, int frameA, float[] b, float[] maskB,
      int frameB, int points, int dims) {
    double sum = 0;
    int count = 0;
    for (int p = 0; p < points; p++) {
      if (!real(maskA, frameA, p, points) || !real(maskB, frameB, p, points)) {
        continue;
      }
      double squared = 0;
      for (int d = 0; d < dims; d++) {
        double e = a[(frameA * points + p) * dims + d] - b[(frameB * points + p) * dims + d];
        squared += e * e;
      }
      sum += Math.sqrt(squared);
      count++;
    }
    return count == 0 ? 0 : sum / count;
  }

  private static int[] realFrames(float[] motion, float[] mask, int points, int dims) {
    int frames = motion.length / (points * dims);
    return IntStream.range(0, frames).filter(f -> {
      for (int p = 0; p < points; p++) {
        if (real(mask, f, p, points)) {
          return true;
        }
      }
      return false;
    }).toArray();
  }

  private static boolean real(float[] mask, int frame, int point, int points) {
    return mask == null || mask[frame * points + point] > 0;
  }
}
