package org.signwriting.animation.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandShapeTest {
  private static final int WRIST = 0;
  private static final int[] TIPS = {8, 12, 16, 20};

  private static double length(double[] a, double[] b) {
    return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
  }

  /** How far each fingertip (index to little) is from the wrist, in hand lengths. */
  private static double[] reach(int base) {
    double[][] points = HandShape.of(base).localPoints();
    double[] reach = new double[4];
    for (int f = 0; f < 4; f++) {
      reach[f] = length(points[TIPS[f]], points[WRIST]);
    }
    return reach;
  }

  @Test
  void everyHandSymbolHasAShapeAndMostShapesDiffer() {
    Set<HandShape> shapes = new HashSet<>();
    for (int base = 0x100; base <= 0x204; base++) {
      HandShape shape = HandShape.of(base);
      assertEquals(HandShape.POINTS, shape.localPoints().length);
      shapes.add(shape);
    }
    // 261 ISWA hand shapes; the names' words set finger forms, spreads and thumbs.
    assertTrue(shapes.size() >= 150, shapes.size() + " distinct shapes");
    assertThrows(IllegalArgumentException.class, () -> HandShape.of(0x205));
  }

  @Test
  void fistClosesFlatOpensAndFistIndexPointsOneFinger() {
    double[] fist = reach(0x203); // HAND-FIST
    double[] flat = reach(0x15a); // HAND-FLAT
    double[] index = reach(0x100); // HAND-FIST INDEX
    for (int f = 0; f < 4; f++) {
      assertTrue(fist[f] < 0.6 * flat[f], "finger " + f + ": fist " + fist[f] + ", flat " + flat[f]);
    }
    assertTrue(index[0] > 0.95 * flat[0], "the index of HAND-FIST INDEX is extended");
    for (int f = 1; f < 4; f++) {
      assertTrue(index[f] < 0.6 * flat[f], "finger " + f + " of HAND-FIST INDEX is closed");
    }
    // HAND-FIST INDEX MIDDLE (a V): two fingers out, two closed.
    double[] v = reach(0x10e);
    assertTrue(v[0] > 0.9 * flat[0] && v[1] > 0.9 * flat[1] && v[2] < 0.6 * flat[2] && v[3] < 0.6 * flat[3]);
  }

  @Test
  void spreadFingersLieFartherApartThanConjoinedOnes() {
    double[][] spread = HandShape.of(0x14c).localPoints(); // FLAT FIVE FINGERS SPREAD
    double[][] together = HandShape.of(0x147).localPoints(); // FLAT FOUR FINGERS CONJOINED
    assertTrue(length(spread[8], spread[20]) > 1.5 * length(together[8], together[20]));
  }

  @Test
  void bentAndHingedFingersBendWhereTheirNamesSay() {
    HandShape hinge = HandShape.of(0x17d); // HAND-HINGE: fingers bent at the knuckles only
    HandShape claw = HandShape.of(0x166); // HAND-CLAW: bent at the middle joints
    assertTrue(hinge.flexion(1)[0] > 1.2 && hinge.flexion(1)[1] < 0.2);
    assertTrue(claw.flexion(1)[0] < 0.4 && claw.flexion(1)[1] > 0.9);
  }
}
