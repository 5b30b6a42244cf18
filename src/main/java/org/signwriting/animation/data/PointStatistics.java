package org.signwriting.animation.data;

import java.io.Serializable;

/**
 * Mean and standard deviation per point and dimension over many pose sequences, ignoring masked points
 * (confidence 0). Mergeable (Chan et al.'s parallel variance), so each Spark task accumulates its own and
 * the driver merges them; doubles throughout, so millions of frames do not lose precision. The standard
 * deviation is the population one (numpy's default, as pose-format's normalization uses).
 */
public final class PointStatistics implements Serializable {
  private final int points;
  private final int dims;
  private final long[] count;
  private final double[] mean;
  private final double[] sumOfSquaredDeviations;

  public PointStatistics(int points, int dims) {
    this.points = points;
    this.dims = dims;
    this.count = new long[points];
    this.mean = new double[points * dims];
    this.sumOfSquaredDeviations = new double[points * dims];
  }

  public int points() {
    return points;
  }

  public int dims() {
    return dims;
  }

  /**
   * Adds a sequence: {@code data} is row-major [frames][people][points][dims], {@code confidence}
   * [frames][people][points]; people are pooled.
   */
  public void add(float[] data, float[] confidence, int frames, int people) {
    int instances = frames * people;
    if (confidence.length != instances * points || data.length != confidence.length * dims) {
      throw new IllegalArgumentException("a sequence of " + frames + " frames, " + people + " people has "
          + data.length + " values and " + confidence.length + " confidences, expected "
          + instances * points * dims + " and " + instances * points);
    }
    for (int instance = 0; instance < instances; instance++) {
      for (int point = 0; point < points; point++) {
        int pointIndex = instance * points + point;
        if (confidence[pointIndex] == 0f) {
          continue;
        }
        long n = ++count[point];
        for (int d = 0; d < dims; d++) {
          int k = point * dims + d;
          double x = data[pointIndex * dims + d];
          double delta = x - mean[k];
          mean[k] += delta / n;
          sumOfSquaredDeviations[k] += delta * (x - mean[k]);
        }
      }
    }
  }

  /** Merges another partial result into this one and returns this. */
  public PointStatistics merge(PointStatistics other) {
    if (other.points != points || other.dims != dims) {
      throw new IllegalArgumentException("cannot merge statistics of " + other.points + "x" + other.dims
          + " into " + points + "x" + dims);
    }
    for (int point = 0; point < points; point++) {
      long a = count[point];
      long b = other.count[point];
      if (b == 0) {
        continue;
      }
      long n = a + b;
      for (int d = 0; d < dims; d++) {
        int k = point * dims + d;
        double delta = other.mean[k] - mean[k];
        mean[k] += delta * b / n;
        sumOfSquaredDeviations[k] += other.sumOfSquaredDeviations[k] + delta * delta * a * b / n;
      }
      count[point] = n;
    }
    return this;
  }

  /** How many unmasked observations a point has. */
  public long count(int point) {
    return count[point];
  }

  /** The mean, or NaN for a point that was always masked. */
  public double mean(int point, int dim) {
    return count[point] == 0 ? Double.NaN : mean[point * dims + dim];
  }

  /** The population standard deviation, or NaN for a point that was always masked. */
  public double std(int point, int dim) {
    return count[point] == 0 ? Double.NaN : Math.sqrt(sumOfSquaredDeviations[point * dims + dim] / count[point]);
  }
}
