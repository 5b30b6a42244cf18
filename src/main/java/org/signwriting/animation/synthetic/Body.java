package org.signwriting.animation.synthetic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.signwriting.animation.pose.ReducedHolistic;
import org.signwriting.animation.pose.ReducedHolistic.FaceContour;

/**
 * The synthetic signer's body at rest, in body units (shoulder width 1, the shoulders' midpoint at the origin,
 * image axes as {@link Vec3}): shoulders, hips, arm lengths and the face's 128 contour points. The proportions
 * follow a MediaPipe holistic pose after the training pre-processing (face centre 0.63 above the shoulders, 0.6
 * tall, 0.46 wide; hips 1.5 below).
 */
final class Body {
  static final double FACE_HEIGHT = 0.6;
  static final Vec3 FACE_CENTER = new Vec3(0, -0.63, -0.1);
  static final double UPPER_ARM = 0.82;
  static final double FOREARM = 0.66;
  /** Wrist to the middle finger's tip. */
  static final double HAND_LENGTH = 0.62;
  /** The palm's centre, in hand lengths from the wrist along the fingers. */
  static final double PALM_CENTER = 0.25;

  /** Face points relative to the face centre (x, y; z 0), by face-mesh index. */
  private static final Map<Integer, double[]> FACE = face();

  private Body() {}

  /** Face point {@code name} (a face-mesh index) relative to the face centre, for a face of the given scale. */
  static Vec3 facePoint(String name, double scale) {
    double[] p = FACE.get(Integer.parseInt(name));
    return new Vec3(p[0] * scale, p[1] * scale, 0);
  }

  /** The face points, in {@link ReducedHolistic#FACE_POINTS} order, relative to the face centre. */
  static List<String> faceNames() {
    return ReducedHolistic.FACE_POINTS;
  }

  private static Map<Integer, double[]> face() {
    Map<Integer, double[]> face = new HashMap<>();
    for (FaceContour contour : FaceContour.values()) {
      int[] line = contour.indices();
      for (int k = 0; k < line.length; k++) {
        face.put(line[k], point(contour, k, line.length));
      }
    }
    return face;
  }

  /** Point {@code k} of {@code n} along a contour, each contour an ellipse (or arc) in the face's layout. */
  private static double[] point(FaceContour contour, int k, int n) {
    double step = 2 * Math.PI / n;
    return switch (contour) {
      // Clockwise on the picture from the forehead's top.
      case OVAL -> ellipse(0, 0, 0.23, 0.3, -Math.PI / 2 + k * step);
      // From the corner on the picture's left, over the upper lip, back under the lower lip.
      case LIPS_OUTER -> lip(0.135, 0.085, 0.06, 0.075, Math.PI + k * step);
      case LIPS_INNER -> lip(0.135, 0.065, 0.018, 0.018, Math.PI + k * step);
      // The person's right eye is on the picture's left: outer corner, over the top, inner corner.
      case RIGHT_EYE -> ellipse(-0.1, -0.11, 0.045, 0.014, Math.PI + k * step);
      case LEFT_EYE -> ellipse(0.1, -0.11, 0.045, 0.014, -k * step);
      case RIGHT_EYEBROW_UPPER -> brow(-1, k, n, -0.01);
      case RIGHT_EYEBROW_LOWER -> brow(-1, k, n, 0.005);
      case LEFT_EYEBROW_UPPER -> brow(1, k, n, -0.01);
      case LEFT_EYEBROW_LOWER -> brow(1, k, n, 0.005);
    };
  }

  private static double[] ellipse(double cx, double cy, double rx, double ry, double angle) {
    return new double[] {cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)};
  }

  private static double[] lip(double cy, double rx, double upper, double lower, double angle) {
    double sin = Math.sin(angle);
    return new double[] {rx * Math.cos(angle), cy + (sin < 0 ? upper : lower) * sin};
  }

  /** An eyebrow from its outer end to its inner end, bowing up. */
  private static double[] brow(int side, int k, int n, double offset) {
    double t = (double) k / (n - 1);
    double x = side * (0.19 - 0.14 * t);
    double y = -0.155 - 0.035 * t - 0.02 * Math.sin(Math.PI * t) + offset;
    return new double[] {x, y};
  }
}
