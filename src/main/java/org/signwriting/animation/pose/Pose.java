package org.signwriting.animation.pose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A pose sequence: a header that names the points and a body that holds their values per frame and person. */
public record Pose(PoseHeader header, PoseBody body) {

  public Pose {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
    if (body.points() != header.totalPoints()) {
      throw new IllegalArgumentException("the body has " + body.points() + " points per frame but the header names "
          + header.totalPoints());
    }
    if (body.dims() != header.dims()) {
      throw new IllegalArgumentException("the body has " + body.dims() + " dimensions per point but the header's "
          + "formats have " + header.dims());
    }
  }

  /** A deep copy: changing its arrays leaves this pose as it is. */
  public Pose copy() {
    return new Pose(header, body.copy());
  }

  /**
   * The named components, in the given order, each with all its points or with the points {@code pointsByComponent}
   * lists for it (in that order). Limbs between kept points are kept and renumbered. Same semantics as
   * pose-format's {@code Pose.get_components}.
   */
  public Pose selectComponents(List<String> componentNames, Map<String, List<String>> pointsByComponent) {
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
          for (int i = 0; i < wanted.size(); i++) {
            int old = component.indexOf(wanted.get(i));
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
    return new Pose(header.withComponents(components), body.selectPoints(flat));
  }

  private static boolean inRange(int index, int[] oldToNew) {
    return index >= 0 && index < oldToNew.length && oldToNew[index] >= 0;
  }
}
