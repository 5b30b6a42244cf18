package org.signwriting.animation.pose;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * pose-format's holistic processing: {@code reduce_holistic}, {@code correct_wrists} and the shoulder
 * normalization ({@code pose_normalization_info} + {@code Pose.normalize}). Each returns a new pose and leaves its
 * input as it is. Masked points (confidence 0) keep their values, as in pose-format's masked arrays.
 */
public final class Holistic {
  /** Point names in {@code POSE_LANDMARKS} containing one of these are dropped by {@link #reduce}. */
  private static final List<String> REDUCED_BODY_EXCLUDES = List.of(
      "EAR", "NOSE", "MOUTH", "EYE", "THUMB", "PINKY", "INDEX", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX");

  /** The face mesh points on MediaPipe's face contours (lips, eyes, brows, oval): the face that reduce keeps. */
  private static final List<String> FACE_CONTOURS = ReducedHolistic.FACE_POINTS;

  private Holistic() {}

  /** The two points whose distance normalization makes 1, and whose midpoint it moves to the origin. */
  public record NormalizationInfo(int p1, int p2) {}

  /**
   * The 178-point MediaPipe holistic layout: body without face, hand and leg points, the face's contour points,
   * both hands, no world landmarks. A pose of another layout is returned as it is, and so is one already reduced.
   */
  public static Pose reduce(Pose pose) {
    return reduction(pose.header()).filter(selection -> !selection.keepsAllOf(pose.header()))
        .map(selection -> selection.apply(pose)).orElse(pose);
  }

  /**
   * The points {@link #reduce} keeps of a header, or empty for a header of another layout (which it keeps whole):
   * what {@link PoseReader} needs to decode only those points.
   */
  public static Optional<PointSelection> reduction(PoseHeader header) {
    Map.Entry<PoseHeader, Optional<PointSelection>> last = LAST_REDUCTION.get();
    if (last != null && last.getKey().equals(header)) {
      return last.getValue();
    }
    Optional<PointSelection> reduction = computeReduction(header);
    LAST_REDUCTION.set(Map.entry(header, reduction));
    return reduction;
  }

  /** The last header reduced on this thread, and its selection: the files of a corpus mostly share one header. */
  private static final ThreadLocal<Map.Entry<PoseHeader, Optional<PointSelection>>> LAST_REDUCTION =
      new ThreadLocal<>();

  private static Optional<PointSelection> computeReduction(PoseHeader header) {
    if (PoseLayout.detect(header).orElse(null) != PoseLayout.HOLISTIC) {
      return Optional.empty();
    }
    PoseComponent body = header.component("POSE_LANDMARKS").orElseThrow(() -> new IllegalArgumentException(
        "cannot reduce a holistic pose without POSE_LANDMARKS (it has " + header.componentNames() + ")"));
    List<String> bodyPoints = body.points().stream()
        .filter(point -> REDUCED_BODY_EXCLUDES.stream().noneMatch(point::contains))
        .toList();
    List<String> components = header.componentNames().stream()
        .filter(name -> !name.equals("POSE_WORLD_LANDMARKS"))
        .toList();
    return Optional.of(PointSelection.of(header, components,
        Map.of("POSE_LANDMARKS", bodyPoints, "FACE_LANDMARKS", FACE_CONTOURS)));
  }

  /**
   * Where a hand's own wrist was detected, it replaces the body's wrist point (values and confidence): the hand
   * model places the wrist more precisely.
   */
  public static Pose correctWrists(Pose pose) {
    Pose copy = pose.copy();
    correctWristsInPlace(copy);
    return copy;
  }

  static void correctWristsInPlace(Pose pose) {
    PoseLayout layout = PoseLayout.of(pose.header());
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    int dims = body.dims();
    for (PoseLayout.Side side : layout.sides()) {
      int handWrist = pose.header().pointIndex(side.hand(), layout.handWrist);
      int bodyWrist = pose.header().pointIndex(layout.body, side.bodyWrist());
      for (int row = 0; row < body.frames() * body.people(); row++) {
        int from = row * body.points() + handWrist;
        int to = row * body.points() + bodyWrist;
        if (confidence[from] != 0) {
          System.arraycopy(data, from * dims, data, to * dims, dims);
          confidence[to] = confidence[from];
        }
      }
    }
  }

  /** The shoulders: right shoulder as p1, left shoulder as p2, as pose-format's pose_normalization_info. */
  public static NormalizationInfo normalizationInfo(PoseHeader header) {
    PoseLayout layout = PoseLayout.of(header);
    return new NormalizationInfo(header.pointIndex(layout.body, layout.rightShoulder),
        header.pointIndex(layout.body, layout.leftShoulder));
  }

  /** Shoulder normalization: shoulders' mean midpoint at the origin, their mean distance 1. */
  public static Pose normalizeShoulders(Pose pose) {
    return normalize(pose, normalizationInfo(pose.header()), 1);
  }

  /**
   * Moves every detected point so that the mean midpoint of p1 and p2 (over the frames and people where both are
   * detected) is the origin, and scales so that their mean distance is {@code scaleFactor}.
   */
  public static Pose normalize(Pose pose, NormalizationInfo info, float scaleFactor) {
    Pose copy = pose.copy();
    normalizeInPlace(copy, info, scaleFactor);
    return copy;
  }

  static void normalizeInPlace(Pose pose, NormalizationInfo info, float scaleFactor) {
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    int dims = body.dims();
    int rows = body.frames() * body.people();
    double[] center = new double[dims];
    double distanceSum = 0;
    int count = 0;
    for (int row = 0; row < rows; row++) {
      int a = row * body.points() + info.p1();
      int b = row * body.points() + info.p2();
      if (confidence[a] == 0 || confidence[b] == 0) {
        continue;
      }
      double squared = 0;
      for (int d = 0; d < dims; d++) {
        float pa = data[a * dims + d];
        float pb = data[b * dims + d];
        center[d] += (pa + pb) / 2.0;
        squared += (double) (pa - pb) * (pa - pb);
      }
      distanceSum += Math.sqrt(squared);
      count++;
    }
    if (count == 0) {
      throw new PoseValueException("cannot normalize: no frame has both normalization points ("
          + pose.header().pointName(info.p1()) + ", " + pose.header().pointName(info.p2()) + ") detected");
    }
    float[] centerF = new float[dims];
    for (int d = 0; d < dims; d++) {
      centerF[d] = (float) (center[d] / count);
    }
    float scale = (float) (scaleFactor / (distanceSum / count));
    if (!Float.isFinite(scale)) {
      throw new PoseValueException("cannot normalize: the normalization points (" + pose.header().pointName(info.p1())
          + ", " + pose.header().pointName(info.p2()) + ") are " + distanceSum / count + " apart on average");
    }
    for (int point = 0; point < confidence.length; point++) {
      if (confidence[point] != 0) {
        for (int d = 0; d < dims; d++) {
          int i = point * dims + d;
          data[i] = (data[i] - centerF[d]) * scale;
        }
      }
    }
  }
}
