package org.signwriting.animation.pose;

import java.util.List;
import java.util.Optional;

/**
 * The header of a {@code .pose} file: the format version it was read from, the video's width, height and depth,
 * and the components whose points, in order, make up each frame's points.
 */
public record PoseHeader(float version, int width, int height, int depth, List<PoseComponent> components) {

  /** The only version {@link PoseWriter} writes. */
  public static final float CURRENT_VERSION = 0.2f;

  public PoseHeader {
    components = List.copyOf(components);
  }

  /** Points per frame and person: the sum over the components. */
  public int totalPoints() {
    int total = 0;
    for (PoseComponent component : components) {
      total += component.points().size();
    }
    return total;
  }

  /** Spatial dimensions per point: the largest over the components, as pose-format counts them. */
  public int dims() {
    int dims = 0;
    for (PoseComponent component : components) {
      dims = Math.max(dims, component.dims());
    }
    return dims;
  }

  public Optional<PoseComponent> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Index of the component's first point among all points, or -1 when there is no such component. */
  public int componentOffset(String name) {
    int offset = 0;
    for (PoseComponent component : components) {
      if (component.name().equals(name)) {
        return offset;
      }
      offset += component.points().size();
    }
    return -1;
  }

  /** Index of a named point among all points. */
  public int pointIndex(String component, String point) {
    int offset = componentOffset(component);
    if (offset < 0) {
      throw new IllegalArgumentException("the pose has no component " + component + " (it has "
          + componentNames() + ")");
    }
    int index = component(component).orElseThrow().indexOf(point);
    if (index < 0) {
      throw new IllegalArgumentException("component " + component + " has no point " + point);
    }
    return offset + index;
  }

  /** A point by its index among all points, as {@code COMPONENT/NAME}. */
  public String pointName(int index) {
    int offset = 0;
    for (PoseComponent component : components) {
      if (index < offset + component.points().size()) {
        return component.name() + "/" + component.points().get(index - offset);
      }
      offset += component.points().size();
    }
    return "point " + index;
  }

  public List<String> componentNames() {
    return components.stream().map(PoseComponent::name).toList();
  }

  /** The same header with other components. */
  public PoseHeader withComponents(List<PoseComponent> newComponents) {
    return new PoseHeader(version, width, height, depth, newComponents);
  }
}
