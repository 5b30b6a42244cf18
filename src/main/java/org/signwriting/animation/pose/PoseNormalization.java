package org.signwriting.animation.pose;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per point mean and standard deviation, as pose-anonymization's {@code pose_normalization.json} holds them
 * ({@code {component: {point: {"mean": [x, y, z], "std": [x, y, z]}}}}), and the normalization they define:
 * {@code (value - mean) / std} for every detected point, matched by component and point name. A standard
 * deviation of 0 counts as 1, as pose-anonymization does.
 */
public final class PoseNormalization {
  /** Key: component + "/" + point. */
  private final Map<String, double[][]> meanAndStdByPoint;
  private final int dims;

  private PoseNormalization(Map<String, double[][]> meanAndStdByPoint, int dims) {
    this.meanAndStdByPoint = meanAndStdByPoint;
    this.dims = dims;
  }

  public static PoseNormalization load(Path json) throws IOException {
    try (Reader reader = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      return parse(json.toString(), reader);
    }
  }

  /** Reads the JSON; {@code sourceName} names it in errors. */
  public static PoseNormalization parse(String sourceName, Reader json) throws IOException {
    Map<String, double[][]> byPoint = new LinkedHashMap<>();
    int dims = -1;
    try {
      for (Map.Entry<String, JsonElement> component : JsonParser.parseReader(json).getAsJsonObject().entrySet()) {
        for (Map.Entry<String, JsonElement> point : component.getValue().getAsJsonObject().entrySet()) {
          String key = component.getKey() + "/" + point.getKey();
          JsonObject stats = point.getValue().getAsJsonObject();
          double[] mean = numbers(stats, "mean", key);
          double[] std = numbers(stats, "std", key);
          if (mean.length != std.length || (dims >= 0 && mean.length != dims)) {
            throw new JsonParseException(key + " has " + mean.length + " means and " + std.length
                + " standard deviations" + (dims >= 0 ? ", other points have " + dims : ""));
          }
          dims = mean.length;
          for (int d = 0; d < std.length; d++) {
            if (std[d] == 0) {
              std[d] = 1;
            }
          }
          byPoint.put(key, new double[][] {mean, std});
        }
      }
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(sourceName + ": not a pose normalization file: " + e.getMessage(), e);
    }
    if (byPoint.isEmpty()) {
      throw new IOException(sourceName + ": not a pose normalization file: it lists no points");
    }
    return new PoseNormalization(byPoint, dims);
  }

  private static double[] numbers(JsonObject stats, String name, String key) {
    JsonElement element = stats.get(name);
    if (element == null || !element.isJsonArray()) {
      throw new JsonParseException(key + " has no \"" + name + "\" list");
    }
    List<JsonElement> values = element.getAsJsonArray().asList();
    double[] result = new double[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i).getAsDouble();
    }
    return result;
  }

  /** Values per point (3 for pose_normalization.json). */
  public int dims() {
    return dims;
  }

  /** The mean of a point, one value per dimension. */
  public double[] mean(String component, String point) {
    return stats(component, point)[0].clone();
  }

  /** The standard deviation of a point (0 replaced by 1), one value per dimension. */
  public double[] std(String component, String point) {
    return stats(component, point)[1].clone();
  }

  /** {@code (value - mean) / std} for every detected point; a new pose. */
  public Pose normalize(Pose pose) {
    return apply(pose, false);
  }

  /** The inverse of {@link #normalize}: {@code value * std + mean} for every detected point; a new pose. */
  public Pose denormalize(Pose pose) {
    return apply(pose, true);
  }

  /** One frame, one person, every point at its mean and detected, for the pose's layout. */
  public Pose meanPose(PoseHeader header, float fps) {
    double[][][] stats = statsFor(header);
    float[] data = new float[stats.length * dims];
    float[] confidence = new float[stats.length];
    for (int point = 0; point < stats.length; point++) {
      for (int d = 0; d < dims; d++) {
        data[point * dims + d] = (float) stats[point][0][d];
      }
      confidence[point] = 1;
    }
    return new Pose(header, new PoseBody(fps, 1, 1, stats.length, dims, data, confidence));
  }

  private Pose apply(Pose pose, boolean inverse) {
    double[][][] stats = statsFor(pose.header());
    Pose copy = pose.copy();
    PoseBody body = copy.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    for (int index = 0; index < confidence.length; index++) {
      if (confidence[index] == 0) {
        continue;
      }
      double[] mean = stats[index % body.points()][0];
      double[] std = stats[index % body.points()][1];
      for (int d = 0; d < dims; d++) {
        int i = index * dims + d;
        data[i] = (float) (inverse ? data[i] * std[d] + mean[d] : (data[i] - mean[d]) / std[d]);
      }
    }
    return copy;
  }

  /** Mean and std for every point of the layout, in its order. */
  private double[][][] statsFor(PoseHeader header) {
    if (header.dims() != dims) {
      throw new IllegalArgumentException("the pose has " + header.dims() + " dimensions per point, the "
          + "normalization " + dims);
    }
    double[][][] stats = new double[header.totalPoints()][][];
    int index = 0;
    for (PoseComponent component : header.components()) {
      for (String point : component.points()) {
        stats[index++] = stats(component.name(), point);
      }
    }
    return stats;
  }

  private double[][] stats(String component, String point) {
    double[][] stats = meanAndStdByPoint.get(component + "/" + point);
    if (stats == null) {
      throw new IllegalArgumentException("the pose normalization has no point " + component + "/" + point);
    }
    return stats;
  }
}
