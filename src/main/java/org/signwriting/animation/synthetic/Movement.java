package org.signwriting.animation.synthetic;

import java.util.List;
import java.util.Set;
import org.signwriting.animation.signwriting.IswaGroup;
import org.signwriting.animation.signwriting.SignSymbol;

/**
 * What a movement arrow says, read from its base's Unicode name, fill and rotation: the path's form (straight,
 * curved, circular, wavy, ...), the plane it lies in (the wall in front of the signer, the floor, or diagonal
 * toward or away from the signer), its size, how often it repeats, and which hand moves (the arrow head: fill 0
 * the right hand, 1 the left, 2 both). The rotation sets the direction as for hands ({@link HandOrientation}):
 * on the page, anticlockwise from up, mirrored for rotations 8-15; in the floor plane the page's up is forward.
 *
 * @param path the path's form
 * @param plane where the path lies
 * @param size the path's extent in body units (shoulder widths)
 * @param repeats how many times it is performed
 * @param hands which hand the arrow belongs to
 * @param angle the direction on the page, radians anticlockwise from up
 * @param mirrored whether the symbol is mirrored (circles turn the other way)
 * @param bulge the side a curve bows to, as a direction (null: the in-plane side)
 */
record Movement(Path path, Plane plane, double size, int repeats, Hands hands, double angle, boolean mirrored,
    Vec3 bulge) {

  enum Path { LINE, ARC_QUARTER, ARC_HALF, ARC_THREE_QUARTER, HUMP, LOOP, WAVE, ZIGZAG, CIRCLE, CORNER, BOX,
    CROSS, SHAKE, WRIST_FLEX, SPIRAL }

  enum Plane { WALL, FLOOR, DIAGONAL_AWAY, DIAGONAL_TOWARD }

  enum Hands { RIGHT, LEFT, BOTH }

  /** The movement of a symbol in the movement category that moves the hand (not contacts or finger movements). */
  static Movement of(SignSymbol symbol) {
    IswaGroup group = IswaGroup.of(symbol.base());
    if (group.category() != IswaGroup.Category.MOVEMENT || group == IswaGroup.CONTACT
        || group == IswaGroup.FINGER_MOVEMENT) {
      throw new IllegalArgumentException(symbol.key() + " is not a hand movement arrow");
    }
    String name = symbol.unicodeName();
    Set<String> words = Set.copyOf(List.of(name.replace('-', ' ').split(" ")));
    Plane plane = words.contains("FLOORPLANE") && !words.contains("WALLPLANE") ? Plane.FLOOR
        : words.contains("DIAGONAL") ? (words.contains("TOWARDS") ? Plane.DIAGONAL_TOWARD : Plane.DIAGONAL_AWAY)
        : Plane.WALL;
    if (words.contains("TRAVEL")) {
      plane = name.contains("TRAVEL-FLOORPLANE") ? Plane.FLOOR : Plane.WALL;
    }
    Path path = pathOf(words, name);
    double size = sizeOf(words, path);
    int repeats = words.contains("TRIPLE") ? 3 : words.contains("DOUBLE") || words.contains("MULTIPLE") ? 2 : 1;
    if (path == Path.CROSS || path == Path.BOX || path == Path.SHAKE) {
      repeats = 1;
    }
    Hands hands = switch (symbol.fill()) {
      case 0 -> Hands.RIGHT;
      case 1 -> Hands.LEFT;
      default -> Hands.BOTH;
    };
    Vec3 bulge = null;
    if (words.contains("HITTING")) {
      bulge = words.contains("CHEST") ? new Vec3(0, 0, 1) : words.contains("CEILING") ? new Vec3(0, -1, 0)
          : words.contains("FLOOR") && name.contains("HITTING FLOOR") ? new Vec3(0, 1, 0) : new Vec3(0, 0, -1);
    }
    return new Movement(path, plane, size, repeats, hands, HandOrientation.pageAngle(symbol.rotation()),
        symbol.rotation() >= 8, bulge);
  }

  private static Path pathOf(Set<String> words, String name) {
    if (words.contains("WRIST") && words.contains("FLEX")) {
      return Path.WRIST_FLEX;
    }
    if (words.contains("SHAKING")) {
      return Path.SHAKE;
    }
    if (words.contains("SPIRAL") || words.contains("TRAVEL")) {
      return Path.SPIRAL;
    }
    if (words.contains("CIRCLE") && !name.contains("HALF-CIRCLE") && !name.contains("THREE-QUARTER")
        || words.contains("CIRCLES") || words.contains("ROTATION")) {
      return Path.CIRCLE;
    }
    if (name.contains("THREE-QUARTER")) {
      return Path.ARC_THREE_QUARTER;
    }
    if (name.contains("HALF-CIRCLE")) {
      return Path.ARC_HALF;
    }
    if (words.contains("LOOP")) {
      return Path.LOOP;
    }
    if (words.contains("HUMP")) {
      return Path.HUMP;
    }
    if (words.contains("ZIGZAG") || words.contains("PEAKS")) {
      return Path.ZIGZAG;
    }
    if (words.contains("WAVE") || words.contains("SNAKE")) {
      return Path.WAVE;
    }
    if (words.contains("BOX")) {
      return Path.BOX;
    }
    if (words.contains("CROSS")) {
      return Path.CROSS;
    }
    if (words.contains("CORNER") || words.contains("CHECK") || words.contains("BEND")) {
      return Path.CORNER;
    }
    if (words.contains("CURVE") || words.contains("CURVED")) {
      return words.contains("QUARTER") ? Path.ARC_QUARTER : Path.ARC_HALF;
    }
    return Path.LINE;
  }

  private static double sizeOf(Set<String> words, Path path) {
    if (words.contains("FINGER")) {
      return 0.05;
    }
    if (words.contains("WRIST")) {
      return 0.09;
    }
    double size = words.contains("LARGEST") ? 0.5 : words.contains("LARGE") ? 0.4
        : words.contains("SMALL") ? 0.2 : 0.3;
    if (words.contains("ARM")) {
      size *= 1.3;
    }
    if (path == Path.SHAKE || path == Path.WRIST_FLEX) {
      return 0.05;
    }
    return size;
  }

  /** Frames one performance of the path takes at normal speed (25 fps). */
  int frames() {
    double length = switch (path) {
      case CIRCLE, LOOP, ARC_THREE_QUARTER -> Math.PI * size;
      case ARC_HALF, HUMP -> 1.5 * size;
      case BOX -> 4 * size;
      case CORNER, CROSS -> 2 * size;
      case SPIRAL -> 2 * size;
      default -> size;
    };
    return (int) Math.round(8 + 28 * length);
  }

  /** The unit direction of the movement in its plane. */
  Vec3 direction() {
    return switch (plane) {
      case WALL -> HandOrientation.wallDirection(angle);
      case FLOOR -> HandOrientation.floorDirection(angle);
      case DIAGONAL_AWAY -> HandOrientation.wallDirection(angle).times(0.6).plus(new Vec3(0, 0, -0.8));
      case DIAGONAL_TOWARD -> HandOrientation.wallDirection(angle).times(0.6).plus(new Vec3(0, 0, 0.8));
    };
  }

  /** The in-plane direction perpendicular to {@link #direction()}, on the side curves bow to. */
  Vec3 side() {
    if (bulge != null) {
      return bulge;
    }
    Vec3 d = direction();
    Vec3 normal = plane == Plane.FLOOR ? new Vec3(0, 1, 0) : new Vec3(0, 0, 1);
    Vec3 side = d.cross(normal).normalized();
    return mirrored ? side.times(-1) : side;
  }

  /**
   * The hand's displacement (body units) at {@code t} in [0, 1] of one performance of the path, from where it
   * started; {@code amplitude} scales the path (the signer's size of signing).
   */
  Vec3 displacement(double t, double amplitude) {
    double s = size * amplitude;
    Vec3 d = direction();
    Vec3 p = side();
    return switch (path) {
      case LINE -> d.times(s * t);
      case ARC_QUARTER -> d.times(s * t).plus(p.times(0.2 * s * Math.sin(Math.PI * t)));
      case ARC_HALF -> d.times(s * t).plus(p.times(0.5 * s * Math.sin(Math.PI * t)));
      case ARC_THREE_QUARTER -> d.times(s * t).plus(p.times(0.8 * s * Math.sin(Math.PI * t)));
      case HUMP -> d.times(s * t).plus(p.times(0.35 * s * Math.sin(Math.PI * t)));
      case LOOP -> d.times(s * t - 0.25 * s * Math.sin(2 * Math.PI * t))
          .plus(p.times(0.25 * s * (1 - Math.cos(2 * Math.PI * t))));
      case WAVE -> d.times(s * t).plus(p.times(0.15 * s * Math.sin(4 * Math.PI * t)));
      case ZIGZAG -> d.times(s * t).plus(p.times(0.15 * s * triangle(2 * t)));
      case CIRCLE -> {
        double r = s / 2;
        double turn = (mirrored ? -1 : 1) * 2 * Math.PI * t;
        // Starts at the circle's point opposite its centre, which lies in the arrow's direction.
        yield d.times(r * (1 - Math.cos(turn))).plus(p.times(r * Math.sin(turn)));
      }
      case CORNER -> t < 0.5 ? d.times(s * t) : d.times(s * 0.5).plus(p.times(s * (t - 0.5)));
      case BOX -> box(d, p, s, t);
      case CROSS -> t < 0.5 ? d.times(s * (t * 2 - 0.5)) : p.times(s * (t * 2 - 1.5));
      case SHAKE -> p.times(s * Math.sin(6 * Math.PI * t));
      case WRIST_FLEX -> d.times(s * Math.sin(Math.PI * t));
      case SPIRAL -> d.times(s * t).plus(d.times(0.1 * s * (1 - Math.cos(4 * Math.PI * t))))
          .plus(p.times(0.1 * s * Math.sin(4 * Math.PI * t)));
    };
  }

  /** The wrist's bend toward the palm at {@code t} (radians), for wrist flexes. */
  double wristFlex(double t) {
    return path == Path.WRIST_FLEX ? 0.6 * Math.sin(Math.PI * t) : 0;
  }

  private static double triangle(double x) {
    double f = x - Math.floor(x);
    return f < 0.25 ? 4 * f : f < 0.75 ? 2 - 4 * f : 4 * f - 4;
  }

  private static Vec3 box(Vec3 d, Vec3 p, double s, double t) {
    double leg = t * 4;
    if (leg < 1) {
      return d.times(s * leg);
    }
    if (leg < 2) {
      return d.times(s).plus(p.times(s * (leg - 1)));
    }
    if (leg < 3) {
      return d.times(s * (3 - leg)).plus(p.times(s));
    }
    return p.times(s * (4 - leg));
  }
}
