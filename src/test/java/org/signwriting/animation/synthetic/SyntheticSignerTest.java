package org.signwriting.animation.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.pose.HandShift;
import org.signwriting.animation.pose.Holistic;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.pose.ReducedHolistic;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.testing.SharedData;

/**
 * The synthetic signer's motion follows the symbols: measured on poses of the average signer (no jitter, no
 * sway), converted back to body units (shoulder width 1, depth restored).
 */
class SyntheticSignerTest {
  private static final Signer SIGNER = Signer.standard();
  private static final int FACE = ReducedHolistic.BODY_POINTS.size();
  private static final int LEFT_HAND = FACE + ReducedHolistic.FACE_POINTS.size();
  private static final int RIGHT_HAND = LEFT_HAND + 21;

  /** A sign performed by the average signer, as body-unit points: [frame][point][xyz]. */
  private static double[][][] perform(String fsw) {
    Pose pose = SyntheticSigner.animate(SignWriting.parse(fsw), SIGNER, 0);
    var body = pose.body();
    double[][][] frames = new double[body.frames()][body.points()][3];
    for (int f = 0; f < body.frames(); f++) {
      for (int p = 0; p < body.points(); p++) {
        int i = body.dataIndex(f, 0, p);
        frames[f][p][0] = (body.data()[i] - SIGNER.centerX()) / SIGNER.shoulderPixels();
        frames[f][p][1] = (body.data()[i + 1] - SIGNER.shoulderY()) / SIGNER.shoulderPixels();
        frames[f][p][2] = body.data()[i + 2] * Signer.WIDTH / SIGNER.shoulderPixels();
      }
    }
    return frames;
  }

  /** The mean of a hand's 21 points at a frame. */
  private static double[] hand(double[][][] frames, int frame, int first) {
    double[] mean = new double[3];
    for (int p = first; p < first + 21; p++) {
      for (int d = 0; d < 3; d++) {
        mean[d] += frames[frame][p][d] / 21;
      }
    }
    return mean;
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
  }

  /** The closest any point of one range comes to any point of another, over all frames. */
  private static double closest(double[][][] frames, int fromA, int toA, int fromB, int toB) {
    double best = Double.MAX_VALUE;
    for (double[][] frame : frames) {
      for (int a = fromA; a < toA; a++) {
        for (int b = fromB; b < toB; b++) {
          best = Math.min(best, distance(frame[a], frame[b]));
        }
      }
    }
    return best;
  }

  @Test
  void sameTextAndSeedGiveTheSameBytesAndOtherSeedsAnotherSigner() throws IOException {
    String sign = "M518x529S14c20481x471S27106503x489";
    assertArrayEquals(bytes(SyntheticSigner.animate(sign, 7)), bytes(SyntheticSigner.animate(sign, 7)));
    assertFalse(java.util.Arrays.equals(bytes(SyntheticSigner.animate(sign, 7)),
        bytes(SyntheticSigner.animate(sign, 8))));
    Set<Integer> lengths = new HashSet<>();
    Set<Float> shoulders = new HashSet<>();
    for (long seed = 0; seed < 6; seed++) {
      Pose pose = SyntheticSigner.animate(sign, seed);
      lengths.add(pose.body().frames());
      var body = pose.body();
      shoulders.add(body.data()[body.dataIndex(0, 0, 0)] - body.data()[body.dataIndex(0, 0, 1)]);
    }
    assertTrue(lengths.size() > 1, "signers sign at different speeds: " + lengths);
    assertEquals(6, shoulders.size(), "signers differ in size and place");
  }

  private static byte[] bytes(Pose pose) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PoseWriter.write(pose, out);
    return out.toByteArray();
  }

  @Test
  void theLayoutIsReducedHolisticAndReduceKeepsItAsItIs() {
    Pose pose = SyntheticSigner.animate("M518x529S14c20481x471S27106503x489", 1);
    assertEquals(ReducedHolistic.POINTS, pose.header().totalPoints());
    assertEquals(25f, pose.body().fps());
    Pose reduced = Holistic.reduce(pose);
    assertEquals(pose.header().components(), reduced.header().components());
    assertArrayEquals(pose.body().data(), reduced.body().data());
  }

  @Test
  void straightArrowsMoveTheHandTheWayTheyPoint() {
    for (int rotation = 0; rotation < 8; rotation++) {
      // A right hand (rotation 0) and a medium straight arrow in the wall plane, right hand (fill 0).
      double[][][] frames = perform("M540x540S15a00480x480S22b0" + rotation + "505x505");
      double[] start = hand(frames, 0, RIGHT_HAND);
      double[] end = hand(frames, frames.length - 1, RIGHT_HAND);
      double dx = end[0] - start[0];
      double dy = end[1] - start[1];
      // On the page, anticlockwise from up; the page's right is the signer's right, the picture's left.
      double page = Math.PI / 4 * rotation;
      double expected = Math.atan2(-Math.cos(page), Math.sin(page));
      double error = Math.abs(Math.IEEEremainder(Math.atan2(dy, dx) - expected, 2 * Math.PI));
      assertTrue(error < Math.toRadians(5), "rotation " + rotation + ": moved " + dx + ", " + dy);
      assertEquals(0.3, Math.hypot(dx, dy), 0.03, "a medium arrow moves 0.3 shoulder widths");
    }
  }

  @Test
  void floorPlaneArrowsMoveForwardAndCirclesComeBack() {
    double[][][] forward = perform("M540x540S15a00480x480S26600505x505"); // floor plane, medium, rotation 0
    double[] start = hand(forward, 0, RIGHT_HAND);
    double[] end = hand(forward, forward.length - 1, RIGHT_HAND);
    assertTrue(end[2] - start[2] < -0.25, "forward is toward the camera: " + (end[2] - start[2]));
    assertTrue(Math.hypot(end[0] - start[0], end[1] - start[1]) < 0.02);

    double[][][] circle = perform("M540x540S15a00480x480S2e300505x505"); // arm circle, small
    double[] first = hand(circle, 0, RIGHT_HAND);
    double[] last = hand(circle, circle.length - 1, RIGHT_HAND);
    assertTrue(distance(first, last) < 0.01, "a circle ends where it started");
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int f = 0; f < circle.length; f++) {
      double[] at = hand(circle, f, RIGHT_HAND);
      minX = Math.min(minX, at[0]);
      maxX = Math.max(maxX, at[0]);
      minY = Math.min(minY, at[1]);
      maxY = Math.max(maxY, at[1]);
    }
    assertTrue(maxX - minX > 0.2 && maxY - minY > 0.2, "it goes round: " + (maxX - minX) + " x " + (maxY - minY));
  }

  @Test
  void curvedArrowsBowAndStraightOnesDoNot() {
    assertTrue(bow("S22b00") < 0.02, "straight");
    assertTrue(bow("S28c00") > 0.3, "half-circle curve");
  }

  /** The largest distance of the right hand's path from its chord, over the chord's length. */
  private static double bow(String arrow) {
    double[][][] frames = perform("M540x540S15a00480x480" + arrow + "505x505");
    double[] a = hand(frames, 0, RIGHT_HAND);
    double[] b = hand(frames, frames.length - 1, RIGHT_HAND);
    double chord = Math.hypot(b[0] - a[0], b[1] - a[1]);
    double bow = 0;
    for (int f = 0; f < frames.length; f++) {
      double[] p = hand(frames, f, RIGHT_HAND);
      double cross = Math.abs((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / chord;
      bow = Math.max(bow, cross);
    }
    return bow / chord;
  }

  @Test
  void moreMovementsTakeMoreFrames() {
    int none = perform("M540x540S15a00480x480").length;
    int one = perform("M540x540S15a00480x480S22b00505x505").length;
    int three = perform("M540x540S15a00480x480S22b00505x505S22b04505x520S22b02505x530").length;
    assertTrue(none < one && one < three, none + " < " + one + " < " + three);
  }

  @Test
  void theHandSymbolsFillTurnsThePalmAndItsRotationTheFingers() {
    // Fingers up; the palm toward the signer (fill 0) or the camera (fill 2): seen mirrored in the picture.
    assertTrue(palmSide("S15a00") * palmSide("S15a20") < 0);
    // Fill 1: the palm faces sideways, the hand is seen edge on.
    assertTrue(Math.abs(palmSide("S15a10")) < 0.2 * Math.abs(palmSide("S15a00")));
    for (int rotation = 0; rotation < 8; rotation++) {
      double[][][] frames = perform("M540x540S15a0" + rotation + "480x480");
      double[] wrist = frames[0][RIGHT_HAND];
      double[] knuckle = frames[0][RIGHT_HAND + 9]; // MIDDLE_FINGER_MCP
      double page = Math.PI / 4 * rotation;
      double expected = Math.atan2(-Math.cos(page), Math.sin(page));
      double actual = Math.atan2(knuckle[1] - wrist[1], knuckle[0] - wrist[0]);
      assertTrue(Math.abs(Math.IEEEremainder(actual - expected, 2 * Math.PI)) < Math.toRadians(12),
          "rotation " + rotation);
    }
  }

  /** The picture-plane cross product (index knuckle − wrist) × (little-finger knuckle − wrist), first frame. */
  private static double palmSide(String hand) {
    double[][][] frames = perform("M540x540" + hand + "480x480");
    double[] w = frames[0][RIGHT_HAND];
    double[] i = frames[0][RIGHT_HAND + 5];
    double[] l = frames[0][RIGHT_HAND + 17];
    return (i[0] - w[0]) * (l[1] - w[1]) - (i[1] - w[1]) * (l[0] - w[0]);
  }

  @Test
  void handsArePlacedRelativeToTheHead() {
    double faceX = 0;
    double faceY = 0;
    double[][][] beside = perform("M560x540S2ff00482x483S15a00525x485"); // hand to the page's right of the head
    double[][][] below = perform("M540x580S2ff00482x483S15a00490x540"); // hand under the chin
    for (int p = FACE; p < LEFT_HAND; p++) {
      faceX += beside[0][p][0] / (LEFT_HAND - FACE);
      faceY += beside[0][p][1] / (LEFT_HAND - FACE);
    }
    double[] a = hand(beside, 0, RIGHT_HAND);
    double[] b = hand(below, 0, RIGHT_HAND);
    assertTrue(a[0] < faceX - 0.3, "the page's right is the picture's left: " + a[0] + " vs face " + faceX);
    assertEquals(faceY, a[1], 0.25, "beside the face");
    assertTrue(b[1] > faceY + 0.4, "below the face");
  }

  @Test
  void contactsTouch() {
    String head = "S2ff00482x483";
    String hand = "S15a00512x500";
    String touch = "S20500500x505";
    double near = closest(perform("M540x540" + head + hand + touch), RIGHT_HAND, RIGHT_HAND + 21, FACE, LEFT_HAND);
    double apart = closest(perform("M540x540" + head + hand), RIGHT_HAND, RIGHT_HAND + 21, FACE, LEFT_HAND);
    assertTrue(near < 0.04, "the hand touches the face: " + near);
    assertTrue(apart > 0.15, "without the contact it does not: " + apart);

    String hands = "S14c20522x480S14c28452x480";
    double touching = closest(perform("M550x540" + hands + "S20500492x470"), RIGHT_HAND, RIGHT_HAND + 21,
        LEFT_HAND, RIGHT_HAND);
    double separate = closest(perform("M550x540" + hands), RIGHT_HAND, RIGHT_HAND + 21, LEFT_HAND, RIGHT_HAND);
    assertTrue(touching < 0.04, "the hands touch: " + touching);
    assertTrue(separate > 0.2, "without the contact they do not: " + separate);
  }

  @Test
  void aHandTheSignDoesNotUseRests() {
    double[][][] frames = perform("M540x540S15a00480x480S22b00505x505");
    double[] left = hand(frames, 0, LEFT_HAND);
    assertTrue(left[1] > 0.7, "the left hand rests low: " + left[1]);
    double lowest = 0;
    for (double[][] frame : frames) {
      for (double[] point : frame) {
        lowest = Math.max(lowest, point[1]);
      }
    }
    assertTrue(lowest < 1.55, "every point stays in a dictionary video's frame: " + lowest);
    assertEquals(0, distance(hand(frames, 0, LEFT_HAND), hand(frames, frames.length - 1, LEFT_HAND)), 1e-9);
  }

  @Test
  void theFaceLooksLikeAMediaPipeFace() throws IOException {
    // A real holistic pose after the training pre-processing, hands back on the wrists, against a synthetic one.
    Pose real = HandShift.unshift(PosePreprocessing.forTraining(
        PoseReader.read(SharedData.path("poses/pose-format-mediapipe.pose"))));
    Pose synthetic = HandShift.unshift(PosePreprocessing.forTraining(SyntheticSigner.animateStandard(
        "M518x529S14c20481x471S27106503x489")));
    assertEquals(real.header().components().stream().map(c -> c.points()).toList(),
        synthetic.header().components().stream().map(c -> c.points()).toList());
    double[] realFace = faceRelativeToCentre(real, 10);
    double[] syntheticFace = faceRelativeToCentre(synthetic, 0);
    double error = 0;
    for (int i = 0; i < realFace.length; i += 2) {
      error += Math.hypot(realFace[i] - syntheticFace[i], realFace[i + 1] - syntheticFace[i + 1]);
    }
    error /= realFace.length / 2.0;
    assertTrue(error < 0.04, "mean face point error " + error + " shoulder widths");
    assertNotEquals(0, error);
  }

  /** x, y of every face point minus the face's centroid, in the pose's units. */
  private static double[] faceRelativeToCentre(Pose pose, int frame) {
    int offset = pose.header().componentOffset(ReducedHolistic.FACE);
    int n = ReducedHolistic.FACE_POINTS.size();
    var body = pose.body();
    double[] xy = new double[2 * n];
    double cx = 0;
    double cy = 0;
    for (int i = 0; i < n; i++) {
      int at = body.dataIndex(frame, 0, offset + i);
      xy[2 * i] = body.data()[at];
      xy[2 * i + 1] = body.data()[at + 1];
      cx += xy[2 * i] / n;
      cy += xy[2 * i + 1] / n;
    }
    for (int i = 0; i < n; i++) {
      xy[2 * i] -= cx;
      xy[2 * i + 1] -= cy;
    }
    return xy;
  }

  @Test
  void severalSignsFollowOneAnother() {
    int one = SyntheticSigner.animate(SignWriting.parse("M540x540S15a00480x480S22b00505x505"), SIGNER, 0)
        .body().frames();
    int two = SyntheticSigner.animate(SignWriting.parse(
        "M540x540S15a00480x480S22b00505x505 M540x540S15a00480x480S22b00505x505"), SIGNER, 0).body().frames();
    assertEquals(2 * one + SyntheticSigner.BETWEEN_SIGNS, two);
  }
}
