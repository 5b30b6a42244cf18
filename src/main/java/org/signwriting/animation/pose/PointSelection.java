package org.signwriting.animation.pose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Some of a header's points in a new order: the header they make (components, points and limbs renumbered) and,
 * for each of its points, the index of that point in the original header. {@link Pose#selectComponents} and
 * {@link Holistic#reduce} select with it, and {@link PoseReader} decodes only the selected points of a file with it.
 */
public record PointSelection(PoseHeader header, int[] points) {

  /**
   * The named components, in the given order, each with all its points or with the points {@code pointsByComponent}
   * lists for it (in that order). Limbs between kept points are kept and renumbered. Same semantics as
   * pose-format's {@code Pose.get_components}.
   */
  public static PointSelection of(PoseHeader header, List<String> componentNames,
      Map<String, List<String>> pointsByComponent) {
    Map<String, PoseComponent> selected = new HashMap<>();
    Map<String, int[]> indexes = new HashMap<>();
    int offset = 0;
    for (PoseComponent component : header.components()) {
      if (componentNames.contains(component.name())) {
        List<String> wanted = pointsByComponent.get(component.name());
        if (wanted == null) {
          selected.put(component.name(), component);
          int[] all = new int[component.points().size()];
          for (int i = 0; i < all.length; i++) {
            all[i] = offset + i;
          }
          indexes.put(component.name(), all);
        } else {
          int[] oldToNew = new int[component.points().size()];
          Arrays.fill(oldToNew, -1);
          int[] picked = new int[wanted.size()];
          Map<String, Integer> positions = new HashMap<>();
          for (int i = component.points().size() - 1; i >= 0; i--) {
            positions.put(component.points().get(i), i); // the first of equal names wins, as indexOf would
          }
          for (int i = 0; i < wanted.size(); i++) {
            int old = positions.getOrDefault(wanted.get(i), -1);
            if (old < 0) {
              throw new IllegalArgumentException("component " + component.name() + " has no point " + wanted.get(i));
            }
            oldToNew[old] = i;
            picked[i] = offset + old;
          }
          List<PoseComponent.Limb> limbs = new ArrayList<>();
          for (PoseComponent.Limb limb : component.limbs()) {
            if (inRange(limb.from(), oldToNew) && inRange(limb.to(), oldToNew)) {
              limbs.add(new PoseComponent.Limb(oldToNew[limb.from()], oldToNew[limb.to()]));
            }
          }
          selected.put(component.name(), component.withPoints(wanted, limbs));
          indexes.put(component.name(), picked);
        }
      }
      offset += component.points().size();
    }
    List<PoseComponent> components = new ArrayList<>();
    List<int[]> pointGroups = new ArrayList<>();
    for (String name : componentNames) {
      PoseComponent component = selected.get(name);
      if (component == null) {
        throw new IllegalArgumentException("the pose has no component " + name + " (it has "
            + header.componentNames() + ")");
      }
      components.add(component);
      pointGroups.add(indexes.get(name));
    }
    int[] flat = pointGroups.stream().flatMapToInt(Arrays::stream).toArray();
    return new PointSelection(header.withComponents(components), flat);
  }

  private static boolean inRange(int index, int[] oldToNew) {
    return index >= 0 && index < oldToNew.length && oldToNew[index] >= 0;
  }

  /** True when the selection keeps every point of {@code original} in its order, with the same header. */
  public boolean keepsAllOf(PoseHeader original) {
    if (points.length != original.totalPoints() || !header.equals(original)) {
      return false;
    }
    for (int i = 0; i < points.length; i++) {
      if (points[i] != i) {
        return false;
      }
    }
    return true;
  }

  /** The selected points of a pose of the original header. */
  public Pose apply(Pose pose) {
    return new Pose(header, pose.body().selectPoints(points));
  }

  /**
   * The selection as runs of consecutive points: {@code [from, to, length]} each, {@code from} in the original
   * header, {@code to} in the selection.
   */
  int[][] runs() {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < points.length; ) {
      int length = 1;
      while (i + length < points.length && points[i + length] == points[i] + length) {
        length++;
      }
      runs.add(new int[] {points[i], i, length});
      i += length;
    }
    return runs.toArray(int[][]::new);
  }
}
