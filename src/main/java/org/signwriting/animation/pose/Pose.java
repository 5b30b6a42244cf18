package org.signwriting.animation.pose;

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
    return PointSelection.of(header, componentNames, pointsByComponent).apply(this);
  }

}
