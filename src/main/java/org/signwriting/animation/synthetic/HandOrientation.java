package org.signwriting.animation.synthetic;

/**
 * Which way a hand points and faces: {@code fingers}, the direction of the extended fingers, and {@code palm},
 * the direction the palm faces (unit vectors, perpendicular, in {@link Vec3}'s axes).
 *
 * <p>SignWriting draws hands from the signer's point of view, so the page's right is the signer's right: the
 * picture's left. A hand symbol's rotation turns it in 45-degree steps anticlockwise on the page (0 = fingers
 * up), rotations 8 to 15 mirror it (the left hand) and turn it clockwise. Its fill says where the palm faces:
 * fills 0-2 hold the hand parallel to the wall in front of the signer (0: palm toward the signer, 1: palm
 * sideways, 2: palm away from the signer, toward the camera), fills 3-5 parallel to the floor, seen from above
 * (fingers pointing forward at rotation 0; 3: palm up, 4: sideways, 5: palm down).
 */
record HandOrientation(Vec3 fingers, Vec3 palm) {

  /** The orientation a hand symbol's fill and rotation give a hand of the given side. */
  static HandOrientation of(int fill, int rotation, boolean rightHand) {
    double phi = pageAngle(rotation);
    double s = Math.sin(phi);
    double c = Math.cos(phi);
    double medial = rightHand ? 1 : -1; // toward the body's midline: +x for the right hand (picture's left)
    if (fill <= 2) {
      Vec3 fingers = new Vec3(s, -c, 0);
      Vec3 palm = switch (fill) {
        case 0 -> new Vec3(0, 0, 1);
        case 1 -> new Vec3(c * medial, s * medial, 0);
        default -> new Vec3(0, 0, -1);
      };
      return new HandOrientation(fingers, palm);
    }
    Vec3 fingers = new Vec3(s, 0, -c);
    Vec3 palm = switch (fill) {
      case 3 -> new Vec3(0, -1, 0);
      case 4 -> new Vec3(c * medial, 0, s * medial);
      default -> new Vec3(0, 1, 0);
    };
    return new HandOrientation(fingers, palm);
  }

  /**
   * The direction of a symbol's rotation on the page, in radians anticlockwise from up; mirrored rotations
   * (8-15) turn clockwise.
   */
  static double pageAngle(int rotation) {
    return rotation < 8 ? Math.PI / 4 * rotation : -Math.PI / 4 * (rotation - 8);
  }

  /** A direction on the page at {@code angle} (anticlockwise from up) as a direction in the wall plane. */
  static Vec3 wallDirection(double angle) {
    return new Vec3(Math.sin(angle), -Math.cos(angle), 0);
  }

  /** A direction on the page at {@code angle} as a direction in the floor plane (page up = forward). */
  static Vec3 floorDirection(double angle) {
    return new Vec3(Math.sin(angle), 0, -Math.cos(angle));
  }

  /** The side of the hand the thumb is on: {@code fingers × palm} for a right hand, the reverse for a left. */
  Vec3 thumbSide(boolean rightHand) {
    Vec3 side = fingers.cross(palm);
    return rightHand ? side : side.times(-1);
  }

  /** This orientation with the hand bent at the wrist by {@code angle} radians toward the palm. */
  HandOrientation flexed(double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    return new HandOrientation(fingers.combine(c, palm, s), palm.combine(c, fingers, -s));
  }

  /** Part of the way to another orientation (re-orthogonalized). */
  HandOrientation lerp(HandOrientation other, double t) {
    Vec3 f = fingers.lerp(other.fingers, t).normalized();
    Vec3 p = palm.lerp(other.palm, t);
    p = p.minus(f.times(p.dot(f)));
    if (p.norm() < 1e-6) {
      p = t < 0.5 ? palm : other.palm;
      p = p.minus(f.times(p.dot(f)));
    }
    return new HandOrientation(f, p.normalized());
  }
}
