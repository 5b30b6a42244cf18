package org.signwriting.animation.embedding;

import java.util.stream.IntStream;

/**
 * A linear probe: ridge regression from standardized features to 0/1 labels (one linear read-out per
 * label, solved in closed form, so it is exact, deterministic and needs no tuning of an optimizer), scored
 * by the ROC AUC of each label on other examples. A high AUC means the features hold the label linearly; it
 * is how symbol presence is read out of an embedding for the quality report.
 */
public final class LinearProbe {
  /** Ridge penalty per training example, on standardized features. */
  private static final double PENALTY = 0.1;

  private final double[] mean;
  private final double[] inverseScale;
  /** (d, l). */
  private final double[][] weights;
  private final double[] bias;

  private LinearProbe(double[] mean, double[] inverseScale, double[][] weights, double[] bias) {
    this.mean = mean;
    this.inverseScale = inverseScale;
    this.weights = weights;
    this.bias = bias;
  }

  /** Fits features (n × d) to 0/1 labels (n × l). */
  public static LinearProbe fit(float[][] features, float[][] labels) {
    int n = features.length;
    int d = features[0].length;
    int l = labels[0].length;
    double[] mean = new double[d];
    double[] inverseScale = new double[d];
    for (float[] row : features) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / (double) n;
      }
    }
    double[] variance = new double[d];
    for (float[] row : features) {
      for (int j = 0; j < d; j++) {
        variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      // A feature constant over the training examples (a pixel never inked) carries nothing the probe can
      // learn; it is ignored rather than blown up by a tiny scale on other examples.
      inverseScale[j] = variance[j] > 1e-12 ? 1 / Math.sqrt(variance[j]) : 0;
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = (features[i][j] - mean[j]) * inverseScale[j];
      }
    }
    double[] bias = new double[l];
    double[][] y = new double[n][l];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < l; k++) {
        bias[k] += labels[i][k] / (double) n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < l; k++) {
        y[i][k] = labels[i][k] - bias[k];
      }
    }
    double ridge = PENALTY * n;
    double[][] weights;
    if (d <= n) {
      // Primal: (XᵀX + λI) W = XᵀY.
      double[][] columns = new double[d][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          columns[j][i] = x[i][j];
        }
      }
      double[][] gram = new double[d][];
      IntStream.range(0, d).parallel().forEach(a -> {
        double[] row = new double[d];
        for (int b = 0; b < d; b++) {
          row[b] = dot(columns[a], columns[b]) + (a == b ? ridge : 0);
        }
        gram[a] = row;
      });
      double[][] right = new double[d][l];
      for (int a = 0; a < d; a++) {
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < l; k++) {
            right[a][k] += columns[a][i] * y[i][k];
          }
        }
      }
      weights = solveSymmetric(gram, right);
    } else {
      // Dual, cheaper when features outnumber examples: W = Xᵀ (XXᵀ + λI)⁻¹ Y.
      double[][] kernel = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          kernel[i][j] = dot(x[i], x[j]) + (i == j ? ridge : 0);
        }
      }
      double[][] alpha = solveSymmetric(kernel, y);
      weights = new double[d][l];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          for (int k = 0; k < l; k++) {
            weights[c][k] += x[i][c] * alpha[i][k];
          }
        }
      }
    }
    return new LinearProbe(mean, inverseScale, weights, bias);
  }

  /** Solves A X = B for a symmetric positive definite A by Cholesky decomposition (A is overwritten). */
  private static double[][] solveSymmetric(double[][] a, double[][] b) {
    int m = a.length;
    for (int j = 0; j < m; j++) {
      double diagonal = a[j][j];
      for (int k = 0; k < j; k++) {
        diagonal -= a[j][k] * a[j][k];
      }
      a[j][j] = Math.sqrt(diagonal);
      for (int i = j + 1; i < m; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= a[i][k] * a[j][k];
        }
        a[i][j] = s / a[j][j];
      }
    }
    int columns = b[0].length;
    double[][] x = new double[m][columns];
    for (int c = 0; c < columns; c++) {
      double[] z = new double[m];
      for (int i = 0; i < m; i++) {
        double s = b[i][c];
        for (int k = 0; k < i; k++) {
          s -= a[i][k] * z[k];
        }
        z[i] = s / a[i][i];
      }
      for (int i = m - 1; i >= 0; i--) {
        double s = z[i];
        for (int k = i + 1; k < m; k++) {
          s -= a[k][i] * x[k][c];
        }
        x[i][c] = s / a[i][i];
      }
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Scores of every label for each example (higher: more likely present). */
  public double[][] scores(float[][] features) {
    int labels = bias.length;
    double[][] out = new double[features.length][labels];
    double[] x = new double[mean.length];
    for (int i = 0; i < features.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        x[j] = (features[i][j] - mean[j]) * inverseScale[j];
      }
      for (int label = 0; label < labels; label++) {
        double s = bias[label];
        for (int j = 0; j < mean.length; j++) {
          s += x[j] * weights[j][label];
        }
        out[i][label] = s;
      }
    }
    return out;
  }

  /**
   * Mean ROC AUC over the labels that have both positive and negative examples (NaN when none has);
   * ties count half.
   */
  public static double meanAuc(double[][] scores, float[][] labels) {
    double sum = 0;
    int counted = 0;
    for (int label = 0; label < labels[0].length; label++) {
      double pairs = 0;
      double wins = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i][label] < 0.5f) {
          continue;
        }
        for (int j = 0; j < labels.length; j++) {
          if (labels[j][label] >= 0.5f) {
            continue;
          }
          pairs++;
          double diff = scores[i][label] - scores[j][label];
          wins += diff > 0 ? 1 : diff == 0 ? 0.5 : 0;
        }
      }
      if (pairs > 0) {
        sum += wins / pairs;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
