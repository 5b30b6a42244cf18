package org.signwriting.animation.pose;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation per point and dimension: the project's one statistics type. {@code pose-stats}
 * writes it, training normalizes its windows with it, a model folder keeps it and animation undoes the
 * normalization with it; {@link Accumulator} computes it, in one pass or merged from parts (one per Spark task).
 *
 * <p>One JSON layout everywhere, pose-format's {@code pose_normalization.json} (which pose-anonymization reads)
 * plus the number of observations: {@code {component: {point: {"mean": [x, y, z], "std": [x, y, z], "count": n}}}},
 * points in layout order; files without {@code count} (pose-anonymization's own) are read too.
 *
 * <p>One rule for degenerate values, decided here and nowhere else: a point never observed (count 0) has no
 * mean and std (NaN here, null in JSON) and normalizes as mean 0, std 1, i.e. not at all; a standard deviation
 * below {@value #MIN_STD} (0 included: a coordinate that never moves) divides by 1, as pose-anonymization does for
 * 0, since dividing by a near-zero std would blow rounding noise up into huge values. The standard deviation is
 * the population one (numpy's default, as pose-format's normalization uses).
 */
public final class PoseStatistics {

  /** Standard deviations under this carry no variance; such dimensions are divided by 1. */
  public static final double MIN_STD = 1e-6;

  private static final Gson GSON = new Gson();

  private final List<String> components;
  private final List<String> names;
  private final int dims;
  private final double[] mean;
  private final double[] std;
  private final long[] count;
  /** What normalization subtracts and divides by, per point and dimension (the rule above applied). */
  private final float[] center;
  private final float[] scale;

  /**
   * @param components the component of each point
   * @param names the name of each point within its component
   * @param mean {@code points × dims}, row-major; NaN where the point was never observed
   * @param std {@code points × dims}; NaN where the point was never observed
   * @param count observations per point, or null when unknown (a file without counts)
   */
  public PoseStatistics(List<String> components, List<String> names, int dims, double[] mean, double[] std,
      long[] count) {
    int points = names.size();
    if (components.size() != points || dims < 1 || mean.length != points * dims || std.length != points * dims
        || (count != null && count.length != points)) {
      throw new IllegalArgumentException("pose statistics: " + components.size() + " components and " + points
          + " names need " + points + " × " + dims + " means and stds, got " + mean.length + " and " + std.length);
    }
    this.components = List.copyOf(components);
    this.names = List.copyOf(names);
    this.dims = dims;
    this.mean = mean.clone();
    this.std = std.clone();
    this.count = count == null ? null : count.clone();
    center = new float[mean.length];
    scale = new float[mean.length];
    for (int i = 0; i < mean.length; i++) {
      boolean observed = Double.isFinite(mean[i]) && Double.isFinite(std[i]);
      center[i] = observed ? (float) mean[i] : 0f;
      scale[i] = observed && std[i] >= MIN_STD ? (float) std[i] : 1f;
    }
  }

  /** Statistics in float precision, e.g. a test's or a benchmark's; every point counts as observed. */
  public static PoseStatistics of(List<String> components, List<String> names, int dims, float[] mean,
      float[] std) {
    double[] m = new double[mean.length];
    double[] s = new double[std.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = mean[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = std[i];
    }
    return new PoseStatistics(components, names, dims, m, s, null);
  }

  /** The components and names of a header's points, in order, as two lists. */
  public static List<List<String>> layout(PoseHeader header) {
    List<String> components = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (PoseComponent component : header.components()) {
      for (String point : component.points()) {
        components.add(component.name());
        names.add(point);
      }
    }
    return List.of(components, names);
  }

  public int points() {
    return names.size();
  }

  public int dims() {
    return dims;
  }

  public List<String> components() {
    return components;
  }

  public List<String> names() {
    return names;
  }

  /** The mean, NaN for a point never observed. */
  public double mean(int point, int dim) {
    return mean[point * dims + dim];
  }

  /** The population standard deviation, NaN for a point never observed. */
  public double std(int point, int dim) {
    return std[point * dims + dim];
  }

  /** Observations of a point, or -1 when the source did not say. */
  public long count(int point) {
    return count == null ? -1 : count[point];
  }

  /** The normalized value of {@code value} at flat point-dimension index {@code i}. */
  public float normalize(int i, float value) {
    return (value - center[i]) / scale[i];
  }

  /** Normalizes whole frames ({@code points × dims} each, flat), in place. */
  public void normalizeFrames(float[] frames) {
    int size = center.length;
    for (int i = 0; i < frames.length; i++) {
      frames[i] = (frames[i] - center[i % size]) / scale[i % size];
    }
  }

  /** Undoes {@link #normalizeFrames}, in place. */
  public void denormalizeFrames(float[] frames) {
    int size = center.length;
    for (int i = 0; i < frames.length; i++) {
      frames[i] = frames[i] * scale[i % size] + center[i % size];
    }
  }

  /** The mean frame, {@code points × dims} (0 for never-observed points): what normalizes to zeros. */
  public float[] meanFrame() {
    return center.clone();
  }

  /**
   * The same statistics in the point order of {@code header}, matched by component and point name; an error
   * names a point of the header that these statistics lack.
   */
  public PoseStatistics forLayout(PoseHeader header) {
    if (header.dims() != dims) {
      throw new IllegalArgumentException("the pose has " + header.dims() + " dimensions per point, the "
          + "statistics " + dims);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int p = 0; p < names.size(); p++) {
      index.put(components.get(p) + "/" + names.get(p), p);
    }
    List<List<String>> layout = layout(header);
    List<String> newComponents = layout.get(0);
    List<String> newNames = layout.get(1);
    if (newComponents.equals(components) && newNames.equals(names)) {
      return this;
    }
    int points = newNames.size();
    double[] m = new double[points * dims];
    double[] s = new double[points * dims];
    long[] c = count == null ? null : new long[points];
    for (int p = 0; p < points; p++) {
      Integer from = index.get(newComponents.get(p) + "/" + newNames.get(p));
      if (from == null) {
        throw new IllegalArgumentException("the pose statistics have no point " + newComponents.get(p) + "/"
            + newNames.get(p));
      }
      System.arraycopy(mean, from * dims, m, p * dims, dims);
      System.arraycopy(std, from * dims, s, p * dims, dims);
      if (c != null) {
        c[p] = count[from];
      }
    }
    return new PoseStatistics(newComponents, newNames, dims, m, s, c);
  }

  /** {@code (value - mean) / std} for every detected point of every person; a new pose. */
  public Pose normalize(Pose pose) {
    return apply(pose, false);
  }

  /** The inverse of {@link #normalize(Pose)}: {@code value * std + mean} for every detected point; a new pose. */
  public Pose denormalize(Pose pose) {
    return apply(pose, true);
  }

  /** One frame, one person, every point at its mean and detected, in the header's layout. */
  public Pose meanPose(PoseHeader header, float fps) {
    PoseStatistics ordered = forLayout(header);
    float[] confidence = new float[ordered.points()];
    Arrays.fill(confidence, 1);
    return new Pose(header, new PoseBody(fps, 1, 1, ordered.points(), dims, ordered.meanFrame(), confidence));
  }

  private Pose apply(Pose pose, boolean inverse) {
    PoseStatistics ordered = forLayout(pose.header());
    Pose copy = pose.copy();
    PoseBody body = copy.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    for (int index = 0; index < confidence.length; index++) {
      if (confidence[index] == 0) {
        continue;
      }
      int point = index % body.points();
      for (int d = 0; d < dims; d++) {
        int i = point * dims + d;
        int k = index * dims + d;
        data[k] = inverse ? data[k] * ordered.scale[i] + ordered.center[i] : (data[k] - ordered.center[i])
            / ordered.scale[i];
      }
    }
    return copy;
  }

  /** The JSON layout of the class comment, one point per line. */
  public String toJson() {
    Map<String, List<Integer>> byComponent = new LinkedHashMap<>();
    for (int point = 0; point < names.size(); point++) {
      byComponent.computeIfAbsent(components.get(point), c -> new ArrayList<>()).add(point);
    }
    StringBuilder json = new StringBuilder("{\n");
    String componentSeparator = "";
    for (Map.Entry<String, List<Integer>> component : byComponent.entrySet()) {
      json.append(componentSeparator).append("  ").append(GSON.toJson(component.getKey())).append(": {\n");
      String pointSeparator = "";
      for (int point : component.getValue()) {
        json.append(pointSeparator).append("    ").append(GSON.toJson(names.get(point)))
            .append(": {\"mean\": ").append(vector(mean, point))
            .append(", \"std\": ").append(vector(std, point));
        if (count != null) {
          json.append(", \"count\": ").append(count[point]);
        }
        json.append('}');
        pointSeparator = ",\n";
      }
      json.append("\n  }");
      componentSeparator = ",\n";
    }
    return json.append("\n}\n").toString();
  }

  private String vector(double[] values, int point) {
    StringBuilder out = new StringBuilder("[");
    for (int d = 0; d < dims; d++) {
      double value = values[point * dims + d];
      out.append(d == 0 ? "" : ", ").append(Double.isFinite(value) ? Double.toString(value) : "null");
    }
    return out.append(']').toString();
  }

  /** Reads a statistics file; one that is not (malformed, not UTF-8) is a {@link FormatException} naming it. */
  public static PoseStatistics read(Path json) throws IOException {
    try (Reader reader = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      return parse(json.toString(), reader);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new FormatException(json.toString(), "not UTF-8 text", e);
    }
  }

  /** A file that is not pose statistics: one line naming it and what is wrong. */
  public static final class FormatException extends IOException {
    FormatException(String sourceName, String reason, Throwable cause) {
      super(sourceName + ": not pose statistics (" + reason + ")", cause);
    }
  }

  /**
   * Reads the JSON layout (with or without counts); {@code sourceName} names it in errors. A mean must be a finite
   * number and a std a finite number ≥ 0, or both null (a point never observed).
   */
  public static PoseStatistics parse(String sourceName, Reader json) throws FormatException {
    List<String> components = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<double[]> means = new ArrayList<>();
    List<double[]> stds = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    boolean counted = true;
    int dims = -1;
    try {
      for (Map.Entry<String, JsonElement> component : JsonParser.parseReader(json).getAsJsonObject().entrySet()) {
        for (Map.Entry<String, JsonElement> point : component.getValue().getAsJsonObject().entrySet()) {
          String key = component.getKey() + "/" + point.getKey();
          JsonObject stats = point.getValue().getAsJsonObject();
          double[] m = numbers(stats, "mean", key);
          double[] s = numbers(stats, "std", key);
          if (m.length != s.length || m.length == 0 || (dims >= 0 && m.length != dims)) {
            throw new JsonParseException(key + " has " + m.length + " means and " + s.length
                + " standard deviations" + (dims >= 0 ? ", other points have " + dims : ""));
          }
          for (int d = 0; d < m.length; d++) {
            boolean bothNull = Double.isNaN(m[d]) && Double.isNaN(s[d]);
            if (!bothNull && (!Double.isFinite(m[d]) || !(s[d] >= 0) || Double.isInfinite(s[d]))) {
              throw new JsonParseException(key + " dimension " + d + ": mean " + m[d] + ", std " + s[d]);
            }
          }
          dims = m.length;
          components.add(component.getKey());
          names.add(point.getKey());
          means.add(m);
          stds.add(s);
          JsonElement n = stats.get("count");
          counted &= n != null && n.isJsonPrimitive();
          counts.add(counted ? n.getAsLong() : -1L);
        }
      }
    } catch (RuntimeException e) {
      // Gson's JsonParseException (wrapping the reader's exception) and the IllegalStateException,
      // NumberFormatException or UnsupportedOperationException of a value of the wrong kind: the root cause's first
      // line says what is wrong.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root instanceof java.nio.charset.CharacterCodingException) {
        throw new FormatException(sourceName, "not UTF-8 text", e);
      }
      String message = root.getMessage() == null ? "unreadable"
          : root.getMessage().lines().findFirst().orElse("unreadable");
      throw new FormatException(sourceName, message, e);
    }
    if (names.isEmpty()) {
      throw new FormatException(sourceName, "it lists no points", null);
    }
    double[] mean = new double[names.size() * dims];
    double[] std = new double[mean.length];
    long[] count = counted ? new long[names.size()] : null;
    for (int p = 0; p < names.size(); p++) {
      System.arraycopy(means.get(p), 0, mean, p * dims, dims);
      System.arraycopy(stds.get(p), 0, std, p * dims, dims);
      if (count != null) {
        count[p] = counts.get(p);
      }
    }
    return new PoseStatistics(components, names, dims, mean, std, count);
  }

  private static double[] numbers(JsonObject stats, String name, String key) {
    JsonElement element = stats.get(name);
    if (element == null || !element.isJsonArray()) {
      throw new JsonParseException(key + " has no \"" + name + "\" list");
    }
    List<JsonElement> values = element.getAsJsonArray().asList();
    double[] result = new double[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i).isJsonNull() ? Double.NaN : values.get(i).getAsDouble();
    }
    return result;
  }

  /**
   * Accumulates the statistics over pose sequences, ignoring masked points (confidence 0). Mergeable (Chan et
   * al.'s parallel variance), so each Spark task accumulates its own and the driver merges them; doubles
   * throughout, so millions of frames do not lose precision.
   */
  public static final class Accumulator implements Serializable {
    private final int points;
    private final int dims;
    private final long[] count;
    private final double[] mean;
    private final double[] sumOfSquaredDeviations;

    public Accumulator(int points, int dims) {
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
    public Accumulator merge(Accumulator other) {
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

    /** The statistics so far, for points with these components and names. */
    public PoseStatistics result(List<String> components, List<String> names) {
      if (names.size() != points) {
        throw new IllegalArgumentException(names.size() + " point names for statistics of " + points + " points");
      }
      double[] m = new double[points * dims];
      double[] s = new double[points * dims];
      for (int point = 0; point < points; point++) {
        for (int d = 0; d < dims; d++) {
          int k = point * dims + d;
          boolean seen = count[point] > 0;
          m[k] = seen ? mean[k] : Double.NaN;
          s[k] = seen ? Math.sqrt(sumOfSquaredDeviations[k] / count[point]) : Double.NaN;
        }
      }
      return new PoseStatistics(components, names, dims, m, s, count);
    }
  }
}
