package org.signwriting.animation.embedding;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * A linear probe: one logistic regression per label on standardized features (full-batch Adam, L2
 * penalty), scored by the ROC AUC of each label on other examples. A high AUC means the features hold the
 * label linearly; it is how symbol presence is read out of an embedding for the quality report.
 */
public final class LinearProbe {
  private static final int ITERATIONS = 300;
  private static final float LEARNING_RATE = 0.05f;
  private static final float L2 = 1e-2f;

  private final float[] mean;
  private final float[] inverseScale;
  /** (d, l), row-major. */
  private final float[] weights;
  private final float[] bias;

  private LinearProbe(float[] mean, float[] inverseScale, float[] weights, float[] bias) {
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
    float[] mean = new float[d];
    float[] inverseScale = new float[d];
    double[] sum = new double[d];
    double[] sumOfSquares = new double[d];
    for (float[] row : features) {
      for (int j = 0; j < d; j++) {
        sum[j] += row[j];
        sumOfSquares[j] += (double) row[j] * row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sum[j] / n);
      double variance = sumOfSquares[j] / n - mean[j] * (double) mean[j];
      // A feature constant over the training examples (a pixel never inked) carries nothing the probe can
      // learn; it is ignored rather than blown up by a tiny scale on other examples.
      inverseScale[j] = variance > 1e-12 ? (float) (1 / Math.sqrt(variance)) : 0f;
    }
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = standardized(manager, features, mean, inverseScale);
      NDArray y = manager.create(flatten(labels), new Shape(n, l));
      NDArray w = manager.zeros(new Shape(d, l));
      NDArray b = manager.zeros(new Shape(l));
      NDArray[] moments = {manager.zeros(w.getShape()), manager.zeros(w.getShape()),
          manager.zeros(b.getShape()), manager.zeros(b.getShape())};
      NDArray[] kept = {x, y, w, b, moments[0], moments[1], moments[2], moments[3]};
      for (int t = 1; t <= ITERATIONS; t++) {
        // Every intermediate of a step lands in the step's manager and is freed with it; the kept arrays
        // return to the probe's manager.
        try (NDManager step = manager.newSubManager()) {
          for (NDArray array : kept) {
            array.tempAttach(step);
          }
          NDArray error = Activation.sigmoid(x.matMul(w).add(b)).sub(y).div(n);
          NDArray gradientW = x.transpose().matMul(error).add(w.mul(L2));
          NDArray gradientB = error.sum(new int[] {0});
          adam(w, gradientW, moments[0], moments[1], t);
          adam(b, gradientB, moments[2], moments[3], t);
        }
      }
      return new LinearProbe(mean, inverseScale, w.toFloatArray(), b.toFloatArray());
    }
  }

  /** One in-place Adam update of a parameter. */
  private static void adam(NDArray parameter, NDArray gradient, NDArray first, NDArray second, int t) {
    first.muli(0.9f).addi(gradient.mul(0.1f));
    second.muli(0.999f).addi(gradient.square().mul(0.001f));
    float correction1 = (float) (1 - Math.pow(0.9, t));
    float correction2 = (float) (1 - Math.pow(0.999, t));
    parameter.subi(first.div(correction1).mul(LEARNING_RATE).div(second.div(correction2).sqrt().add(1e-8f)));
  }

  /** Scores (logits) of every label for each example. */
  public double[][] scores(float[][] features) {
    int labels = bias.length;
    double[][] out = new double[features.length][labels];
    float[] x = new float[mean.length];
    for (int i = 0; i < features.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        x[j] = (features[i][j] - mean[j]) * inverseScale[j];
      }
      for (int label = 0; label < labels; label++) {
        double s = bias[label];
        for (int j = 0; j < mean.length; j++) {
          s += x[j] * weights[j * labels + label];
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

  private static NDArray standardized(NDManager manager, float[][] features, float[] mean,
      float[] inverseScale) {
    int d = mean.length;
    float[] flat = new float[features.length * d];
    for (int i = 0; i < features.length; i++) {
      for (int j = 0; j < d; j++) {
        flat[i * d + j] = (features[i][j] - mean[j]) * inverseScale[j];
      }
    }
    return manager.create(flat, new Shape(features.length, d));
  }

  private static float[] flatten(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }
}
