package org.signwriting.animation.pose;

import java.util.List;
import java.util.Objects;

/**
 * One component of a pose header (e.g. {@code POSE_LANDMARKS}): its point names, the limbs that join them and
 * the limbs' colours. {@code format} names the values stored per point, e.g. {@code XYZC}: the spatial
 * dimensions followed by the confidence.
 */
public record PoseComponent(String name, String format, List<String> points, List<Limb> limbs, List<Rgb> colors) {

  /** A line between two points, as indexes into the component's points. */
  public record Limb(int from, int to) {}

  /** A colour in 0..65535 per channel, as the format stores it (usually 0..255). */
  public record Rgb(int red, int green, int blue) {}

  public PoseComponent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    points = List.copyOf(points);
    limbs = List.copyOf(limbs);
    colors = List.copyOf(colors);
  }

  /** Spatial dimensions per point: the format's letters without the trailing confidence. */
  public int dims() {
    return format.length() - 1;
  }

  /** The index of a point within this component, or -1. */
  public int indexOf(String point) {
    return points.indexOf(point);
  }

  /** The same component with other points and limbs (colours are kept as they are, as pose-format does). */
  public PoseComponent withPoints(List<String> newPoints, List<Limb> newLimbs) {
    return new PoseComponent(name, format, newPoints, newLimbs, colors);
  }
}
