package org.signwriting.animation.pose;

import java.util.Arrays;
import java.util.List;

/**
 * pose-anonymization's hand shift: {@link #shift} expresses each hand's points relative to the hand's wrist (the
 * hand's shape, independent of where it is); {@link #unshift} places them back relative to the body's wrist.
 * A frame whose reference wrist is not detected keeps its hand as it is; so do undetected points.
 *
 * <p>A shifted hand's wrist is its origin, 0 by construction, and {@link #unshift} puts it on the body's wrist
 * whatever value it holds. For a shifted pose this is pose-anonymization's {@code unshift_hands} exactly; for a
 * generated one it drops the model's error on a coordinate that never varies in training (statistics with std 0
 * pass it through unscaled): a barely trained model's hand wrist otherwise lands up to two shoulder widths from
 * the hand it belongs to, measured on the demo's and the seed commands' models.
 */
public final class HandShift {
  private HandShift() {}

  public static Pose shift(Pose pose) {
    Pose copy = pose.copy();
    shiftInPlace(copy);
    return copy;
  }

  public static Pose unshift(Pose pose) {
    Pose copy = pose.copy();
    unshiftInPlace(copy);
    return copy;
  }

  static void shiftInPlace(Pose pose) {
    PoseLayout layout = PoseLayout.of(pose.header());
    for (PoseLayout.Side side : layout.sides()) {
      int wrist = pose.header().pointIndex(side.hand(), layout.handWrist);
      moveHand(pose, side.hand(), wrist, -1, -1);
    }
  }

  static void unshiftInPlace(Pose pose) {
    PoseLayout layout = PoseLayout.of(pose.header());
    for (PoseLayout.Side side : layout.sides()) {
      int bodyWrist = pose.header().pointIndex(layout.body, side.bodyWrist());
      int handWrist = pose.header().pointIndex(side.hand(), layout.handWrist);
      moveHand(pose, side.hand(), bodyWrist, +1, handWrist);
    }
  }

  /** {@link #carriers}' value for a hand's own wrist. */
  public static final int OWN_WRIST = -2;

  /**
   * Where each point of a shifted pose is drawn from, for points named as {@link PoseStatistics} names them (each
   * point's component and name): a hand's point is drawn relative to the body's wrist on its side (that wrist's
   * index), a hand's own wrist is replaced by the body's ({@link #OWN_WRIST}), any other point is drawn where it is
   * (-1). A layout this library does not know has no hands to carry.
   */
  public static int[] carriers(List<String> components, List<String> names) {
    int[] carriers = new int[components.size()];
    Arrays.fill(carriers, -1);
    PoseLayout layout = PoseLayout.detect(components).orElse(null);
    if (layout == null) {
      return carriers;
    }
    for (PoseLayout.Side side : layout.sides()) {
      int bodyWrist = -1;
      for (int p = 0; p < components.size(); p++) {
        if (components.get(p).equals(layout.body) && names.get(p).equals(side.bodyWrist())) {
          bodyWrist = p;
        }
      }
      for (int p = 0; bodyWrist >= 0 && p < components.size(); p++) {
        if (components.get(p).equals(side.hand())) {
          carriers[p] = names.get(p).equals(layout.handWrist) ? OWN_WRIST : bodyWrist;
        }
      }
    }
    return carriers;
  }

  /**
   * Adds {@code sign} times the reference point to every detected point of the hand, per frame and person; the
   * hand's point {@code zeroed} (-1 for none), when detected, is set to the origin first.
   */
  private static void moveHand(Pose pose, String hand, int reference, int sign, int zeroed) {
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    int dims = body.dims();
    int first = pose.header().componentOffset(hand);
    int count = pose.header().component(hand).orElseThrow().points().size();
    float[] origin = new float[dims];
    for (int row = 0; row < body.frames() * body.people(); row++) {
      int base = row * body.points();
      if (confidence[base + reference] == 0) {
        continue;
      }
      System.arraycopy(data, (base + reference) * dims, origin, 0, dims);
      if (zeroed >= 0 && confidence[base + zeroed] != 0) {
        Arrays.fill(data, (base + zeroed) * dims, (base + zeroed + 1) * dims, 0f);
      }
      for (int point = base + first; point < base + first + count; point++) {
        if (confidence[point] != 0) {
          for (int d = 0; d < dims; d++) {
            data[point * dims + d] += sign * origin[d];
          }
        }
      }
    }
  }
}
