package org.signwriting.animation.pose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The holistic operations on a small hand-made holistic pose whose results can be worked out by hand. */
class HolisticTest {

  /**
   * 2-D, one person, 2 frames. Body: RIGHT_SHOULDER, LEFT_SHOULDER, LEFT_WRIST, RIGHT_WRIST; each hand: WRIST, TIP.
   * Frame 0: everything detected. Frame 1: left hand, right hand's wrist and right shoulder undetected.
   */
  static Pose tiny() {
    List<PoseComponent> components = List.of(
        new PoseComponent("POSE_LANDMARKS", "XYC",
            List.of("RIGHT_SHOULDER", "LEFT_SHOULDER", "LEFT_WRIST", "RIGHT_WRIST"), List.of(), List.of()),
        new PoseComponent("LEFT_HAND_LANDMARKS", "XYC", List.of("WRIST", "TIP"), List.of(), List.of()),
        new PoseComponent("RIGHT_HAND_LANDMARKS", "XYC", List.of("WRIST", "TIP"), List.of(), List.of()));
    float[] data = {
        // frame 0
        0, 0, 2, 0, 3, 5, -1, 5, /* left hand */ 3.5f, 5.5f, 4, 7, /* right hand */ -1.5f, 5, -2, 7,
        // frame 1
        9, 9, 4, 0, 3, 6, -1, 6, /* left hand */ 0, 0, 0, 0, /* right hand */ -1, 6.5f, -1, 8};
    float[] confidence = {1, 1, 1, 1, 0.9f, 0.9f, 0.8f, 0.8f, 0, 1, 1, 1, 0, 0, 0, 0.7f};
    return new Pose(new PoseHeader(0.2f, 100, 100, 0, components),
        new PoseBody(25, 2, 1, 8, 2, data, confidence));
  }

  @Test
  void correctWristsCopiesDetectedHandWristsIntoTheBody() {
    Pose corrected = Holistic.correctWrists(tiny());
    float[] data = corrected.body().data();
    // frame 0: LEFT_WRIST <- left hand wrist (3.5, 5.5), RIGHT_WRIST <- right hand wrist (-1.5, 5)
    assertArrayEquals(new float[] {3.5f, 5.5f, -1.5f, 5}, Arrays.copyOfRange(data, 4, 8));
    assertEquals(0.9f, corrected.body().confidence()[2]);
    assertEquals(0.8f, corrected.body().confidence()[3]);
    // frame 1: the hands' wrists are undetected, so the body's wrists stay
    assertArrayEquals(new float[] {3, 6, -1, 6}, Arrays.copyOfRange(data, 16 + 4, 16 + 8));
    assertEquals(1f, corrected.body().confidence()[8 + 2]);
    assertArrayEquals(new float[] {3, 5, -1, 5}, Arrays.copyOfRange(tiny().body().data(), 4, 8));
  }

  @Test
  void shoulderNormalizationUsesFramesWithBothShoulders() {
    Pose normalized = Holistic.normalizeShoulders(tiny());
    // only frame 0 has both shoulders: center (1, 0), distance 2 -> x' = (x - 1) / 2, y' = y / 2
    float[] data = normalized.body().data();
    assertArrayEquals(new float[] {-0.5f, 0, 0.5f, 0, 1, 2.5f, -1, 2.5f}, Arrays.copyOfRange(data, 0, 8));
    // frame 1: the undetected right shoulder keeps its values, the left shoulder moves
    assertArrayEquals(new float[] {9, 9, 1.5f, 0}, Arrays.copyOfRange(data, 16, 20));
    // the undetected left hand of frame 1 is not moved
    assertArrayEquals(new float[] {0, 0, 0, 0}, Arrays.copyOfRange(data, 24, 28));
    assertEquals(new Holistic.NormalizationInfo(0, 1), Holistic.normalizationInfo(tiny().header()));
  }

  @Test
  void shiftExpressesHandsRelativeToTheirWristAndUnshiftPlacesThemAtTheBodyWrist() {
    Pose shifted = HandShift.shift(tiny());
    float[] data = shifted.body().data();
    assertArrayEquals(new float[] {0, 0, 0.5f, 1.5f, 0, 0, -0.5f, 2}, Arrays.copyOfRange(data, 8, 16));
    // frame 1: the right hand's wrist is undetected, so the right hand stays where it is
    assertArrayEquals(new float[] {0, 0, 0, 0, -1, 6.5f, -1, 8}, Arrays.copyOfRange(data, 24, 32));

    // after correct_wrists the body wrists are the hand wrists, so unshift undoes shift in frame 0
    Pose restored = HandShift.unshift(HandShift.shift(Holistic.correctWrists(tiny())));
    assertArrayEquals(Arrays.copyOfRange(tiny().body().data(), 8, 16),
        Arrays.copyOfRange(restored.body().data(), 8, 16));

    // a generated hand whose wrist is off its origin: the wrist still goes on the body's wrist, the other points
    // keep their offsets from it
    Pose generated = HandShift.shift(Holistic.correctWrists(tiny()));
    float[] g = generated.body().data();
    g[8] = 3;
    g[9] = -4;
    float[] placed = HandShift.unshift(generated).body().data();
    assertArrayEquals(Arrays.copyOfRange(restored.body().data(), 8, 16), Arrays.copyOfRange(placed, 8, 16));
  }

  @Test
  void reduceLeavesOtherLayoutsAloneAndRequiresTheBody() {
    Pose openPose = new Pose(new PoseHeader(0.2f, 1, 1, 0, List.of(new PoseComponent("pose_keypoints_2d", "XYC",
        List.of("Nose"), List.of(), List.of()))), new PoseBody(25, 0, 1, 1, 2, new float[0], new float[0]));
    assertSame(openPose, Holistic.reduce(openPose));
    Pose noBody = tiny().selectComponents(List.of("LEFT_HAND_LANDMARKS"), Map.of());
    assertThrows(IllegalArgumentException.class, () -> Holistic.reduce(noBody));
  }

  @Test
  void unknownLayoutIsNamed() {
    Pose other = new Pose(new PoseHeader(0.2f, 1, 1, 0, List.of(new PoseComponent("BODY", "XYC",
        List.of("A"), List.of(), List.of()))), new PoseBody(25, 0, 1, 1, 2, new float[0], new float[0]));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> HandShift.shift(other));
    assertEquals("unknown pose layout with components [BODY] (known: MediaPipe holistic, OpenPose)",
        error.getMessage());
  }

  @Test
  void handPointsAreCarriedByTheBodysWristOnTheirSide() {
    List<List<String>> layout = PoseStatistics.layout(ReducedHolistic.header(512, 512));
    List<String> components = layout.get(0);
    List<String> names = layout.get(1);
    int[] carriers = HandShift.carriers(components, names);
    int leftWrist = names.indexOf("LEFT_WRIST");
    int rightWrist = names.indexOf("RIGHT_WRIST");
    int leftHand = components.indexOf(ReducedHolistic.LEFT_HAND);
    int rightHand = components.indexOf(ReducedHolistic.RIGHT_HAND);
    assertEquals(HandShift.OWN_WRIST, carriers[leftHand]);
    assertEquals(HandShift.OWN_WRIST, carriers[rightHand]);
    for (int i = 1; i < ReducedHolistic.HAND_POINTS.size(); i++) {
      assertEquals(leftWrist, carriers[leftHand + i]);
      assertEquals(rightWrist, carriers[rightHand + i]);
    }
    assertEquals(-1, carriers[leftWrist]);
    assertEquals(-1, carriers[components.indexOf(ReducedHolistic.FACE)]);
    assertEquals(42, Arrays.stream(carriers).filter(c -> c != -1).count());
    // Points of a layout this library does not know are carried by nothing.
    assertArrayEquals(new int[] {-1, -1}, HandShift.carriers(List.of("A", "A"), List.of("0", "1")));
  }
}
