package org.signwriting.animation.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.ReducedHolistic;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignWriting;

/**
 * Procedural signing: SignWriting in, a 178-point MediaPipe-holistic {@code .pose} out (25 fps, pixels of a
 * 1280x720 picture, z in MediaPipe's scale: relative depth in picture widths), whose motion follows the sign's
 * symbols ({@link SignScript}) as one {@link Signer} performs them. The poses are synthetic: nobody signed them.
 * The same text, signer and seed give the same pose, bit for bit.
 *
 * <p>This is also the project's rule-based baseline animator: it needs no training.
 */
public final class SyntheticSigner {
  /** Frames the hands hold still before and after a sign, and take between two signs, at normal speed. */
  static final int HOLD_IN = 4;
  static final int HOLD_OUT = 6;
  static final int BETWEEN_SIGNS = 8;
  /** Gap a contact leaves between the touching point and its target (body units). */
  private static final double TOUCH_GAP = 0.02;

  private static final int BODY_POINTS = ReducedHolistic.BODY_POINTS.size();
  private static final int FACE_POINTS = ReducedHolistic.FACE_POINTS.size();
  private static final int LEFT_HAND = BODY_POINTS + FACE_POINTS;
  private static final int RIGHT_HAND = LEFT_HAND + HandShape.POINTS;
  private static final PoseHeader HEADER = ReducedHolistic.header(Signer.WIDTH, Signer.HEIGHT);

  private SyntheticSigner() {}

  /** The header of every synthetic pose. */
  public static PoseHeader header() {
    return HEADER;
  }

  /** The frame rate of every synthetic pose. */
  public static float fps() {
    return Signer.FPS;
  }

  /**
   * Animates SignWriting (FSW or SWU; several signs one after the other) as signed by the signer drawn from
   * {@code seed} (its proportions, speed, jitter and sway all derive from the seed).
   */
  public static Pose animate(String signWriting, long seed) {
    return animate(SignWriting.parse(signWriting), Signer.draw(seed), seed);
  }

  /** Animates the signs as the average signer (no jitter, no sway): the rule-based baseline. */
  public static Pose animateStandard(String signWriting) {
    return animate(SignWriting.parse(signWriting), Signer.standard(), 0);
  }

  static Pose animate(List<Sign> signs, Signer signer, long seed) {
    if (signs.isEmpty()) {
      throw new IllegalArgumentException("no sign to animate");
    }
    List<HandState[]> frames = new ArrayList<>();
    for (Sign sign : signs) {
      List<HandState[]> sign_ = perform(SignScript.of(sign), signer);
      if (!frames.isEmpty()) {
        HandState[] from = frames.get(frames.size() - 1);
        HandState[] to = sign_.get(0);
        int between = signer.frames(BETWEEN_SIGNS);
        for (int i = 1; i <= between; i++) {
          double t = smooth((double) i / (between + 1));
          frames.add(new HandState[] {from[0].lerp(to[0], t), from[1].lerp(to[1], t)});
        }
      }
      frames.addAll(sign_);
    }
    return render(frames, signer, seed);
  }

  /** One hand at one frame: its palm's centre, orientation and shape. */
  record HandState(Vec3 palm, HandOrientation orientation, HandShape shape) {
    HandState lerp(HandState other, double t) {
      return new HandState(palm.lerp(other.palm, t), orientation.lerp(other.orientation, t),
          HandShape.lerp(shape, other.shape, t));
    }
  }

  /** The hands' states, frame by frame, as the signer performs the script. */
  static List<HandState[]> perform(SignScript script, Signer signer) {
    Vec3[] base = new Vec3[2];
    boolean[] moves = new boolean[2];
    for (int hand = 0; hand < 2; hand++) {
      SignScript.HandTrack track = script.hand(hand);
      Vec3 offset = track.present() ? (hand == 0 ? signer.rightOffset() : signer.leftOffset()) : Vec3.ZERO;
      base[hand] = track.start().plus(offset);
      for (SignScript.Step step : script.steps()) {
        for (SignScript.Action action : step.actions()) {
          moves[hand] |= action instanceof SignScript.Move && covers(action, hand);
        }
      }
    }
    List<SignScript.Step> steps = new ArrayList<>(script.steps());
    boolean changes = false;
    for (int hand = 0; hand < 2; hand++) {
      SignScript.HandTrack track = script.hand(hand);
      changes |= !track.startShape().equals(track.endShape()) || !track.start().equals(track.end());
    }
    int[] stepFrames = new int[steps.size()];
    int actionFrames = 0;
    for (int s = 0; s < steps.size(); s++) {
      stepFrames[s] = signer.frames(steps.get(s).frames());
      actionFrames += stepFrames[s];
    }
    if (actionFrames == 0) {
      actionFrames = signer.frames(changes ? SignScript.CHANGE_FRAMES : 2 * HOLD_OUT);
    }
    List<HandState[]> frames = new ArrayList<>();
    int holdIn = signer.frames(HOLD_IN);
    for (int i = 0; i < holdIn; i++) {
      frames.add(states(script, base, moves, 0, null, 0, signer));
    }
    int done = 0;
    if (steps.isEmpty()) {
      for (int i = 1; i <= actionFrames; i++) {
        frames.add(states(script, base, moves, (double) i / actionFrames, null, 0, signer));
      }
    }
    for (int s = 0; s < steps.size(); s++) {
      SignScript.Step step = steps.get(s);
      for (int i = 1; i <= stepFrames[s]; i++) {
        frames.add(states(script, base, moves, (double) (done + i) / actionFrames, step, i, signer));
      }
      done += stepFrames[s];
      for (SignScript.Action action : step.actions()) {
        if (action instanceof SignScript.Move move) {
          for (int hand = 0; hand < 2; hand++) {
            if (covers(action, hand)) {
              base[hand] = base[hand].plus(moveDisplacement(move.movement(), 1, signer));
            }
          }
        }
      }
    }
    int holdOut = signer.frames(HOLD_OUT);
    HandState[] last = frames.get(frames.size() - 1);
    for (int i = 0; i < holdOut; i++) {
      frames.add(last);
    }
    return frames;
  }

  private static boolean covers(SignScript.Action action, int hand) {
    return action.hand() == hand || action.hand() == 2;
  }

  /**
   * Both hands at one frame: {@code progress} through the sign's actions (for shape and place changes),
   * {@code frame} frames into {@code step} (null between steps).
   */
  private static HandState[] states(SignScript script, Vec3[] base, boolean[] moves, double progress,
      SignScript.Step step, int frame, Signer signer) {
    HandState[] states = new HandState[2];
    double change = smooth(progress);
    for (int hand = 0; hand < 2; hand++) {
      SignScript.HandTrack track = script.hand(hand);
      HandShape shape = HandShape.lerp(track.startShape(), track.endShape(), change);
      HandOrientation orientation = track.startOrientation().lerp(track.endOrientation(), change);
      Vec3 palm = base[hand];
      if (!moves[hand]) {
        palm = palm.plus(track.end().minus(track.start()).times(change));
      }
      states[hand] = new HandState(palm, orientation, shape);
    }
    if (step == null) {
      return states;
    }
    for (SignScript.Action action : step.actions()) {
      int actionFrames = signer.frames(action.frames());
      double u = Math.min(1, (double) frame / actionFrames);
      for (int hand = 0; hand < 2; hand++) {
        if (!covers(action, hand)) {
          continue;
        }
        HandState s = states[hand];
        if (action instanceof SignScript.Move move) {
          states[hand] = new HandState(s.palm.plus(moveDisplacement(move.movement(), u, signer)),
              s.orientation.flexed(move.movement().wristFlex(u)), s.shape);
        } else if (action instanceof SignScript.Contact contact) {
          states[hand] = touch(contact, s, states[1 - hand], hand, u, signer);
        } else if (action instanceof SignScript.FingerMove finger) {
          states[hand] = new HandState(s.palm, s.orientation, fingers(finger, s.shape, u));
        }
      }
    }
    return states;
  }

  /** A movement's displacement at {@code u} of its performances (with returns between repetitions). */
  static Vec3 moveDisplacement(Movement movement, double u, Signer signer) {
    int repeats = movement.repeats();
    double total = repeats + (repeats - 1) * 0.5;
    double t = u * total;
    for (int k = 0; k < repeats; k++) {
      double start = k * 1.5;
      if (t <= start + 1 || k == repeats - 1) {
        double along = Math.max(0, Math.min(1, t - start));
        return movement.displacement(minimumJerk(along), signer.amplitude());
      }
      if (t < start + 1.5) {
        double back = (t - start - 1) / 0.5;
        return movement.displacement(1, signer.amplitude()).times(1 - minimumJerk(back));
      }
    }
    return movement.displacement(1, signer.amplitude());
  }

  /** The hand during a contact: its nearest point goes to the target and back, once per repeat. */
  private static HandState touch(SignScript.Contact contact, HandState hand, HandState other, int side, double u,
      Signer signer) {
    Vec3 target = switch (contact.target()) {
      case FACE -> contact.point();
      case OTHER_HAND -> other.palm.plus(hand.palm.minus(other.palm).normalized().times(0.06));
      case BODY -> new Vec3(hand.palm.x() * 0.6, Math.max(0.15, Math.min(0.8, hand.palm.y())), -0.05);
    };
    double[][] points = handPoints(hand, side == 0, signer.handLength());
    Vec3 nearest = hand.palm;
    double best = Double.MAX_VALUE;
    for (double[] p : points) {
      Vec3 point = new Vec3(p[0], p[1], p[2]);
      double d = point.distance(target);
      if (d < best) {
        best = d;
        nearest = point;
      }
    }
    Vec3 offset = nearest.minus(hand.palm);
    Vec3 toward = target.minus(offset).minus(hand.palm);
    double gap = toward.norm();
    Vec3 reach = gap < 1e-9 ? Vec3.ZERO : toward.times(Math.max(0, gap - TOUCH_GAP) / gap);
    double v = u * contact.repeats();
    double local = v >= contact.repeats() ? 1 : v - Math.floor(v);
    double bell = local < 0.4 ? smooth(local / 0.4) : local <= 0.6 ? 1 : smooth((1 - local) / 0.4);
    Vec3 palm = hand.palm.plus(reach.times(bell));
    if (contact.rubbing() && bell > 0.99) {
      palm = palm.plus(new Vec3(0.03 * Math.sin(2 * Math.PI * 4 * u), 0, 0));
    }
    return new HandState(palm, hand.orientation, hand.shape);
  }

  private static HandShape fingers(SignScript.FingerMove finger, HandShape shape, double u) {
    double wave = Math.sin(Math.PI * u * finger.repeats());
    double amount = Math.abs(wave) * finger.amplitude();
    return switch (finger.kind()) {
      case SQUEEZE -> HandShape.lerp(shape, HandShape.of(0x203), amount);
      case FLICK -> HandShape.lerp(shape, HandShape.of(0x14c), amount);
      case HINGE -> shape.hinged(0.9 * wave * finger.amplitude());
    };
  }

  /** The 21 points of a hand in body units, MediaPipe's order. */
  static double[][] handPoints(HandState state, boolean rightHand, double handLength) {
    Vec3 a = state.orientation.fingers();
    Vec3 c = state.orientation.palm();
    Vec3 b = state.orientation.thumbSide(rightHand);
    Vec3 wrist = state.palm.minus(a.times(Body.PALM_CENTER * handLength));
    double[][] local = state.shape.localPoints();
    double[][] points = new double[local.length][];
    for (int i = 0; i < local.length; i++) {
      Vec3 p = wrist.plus(a.times(local[i][0] * handLength)).plus(b.times(local[i][1] * handLength))
          .plus(c.times(local[i][2] * handLength));
      points[i] = new double[] {p.x(), p.y(), p.z()};
    }
    return points;
  }

  /** The frames as a pose: body, face and hands in body units, jittered and swayed, then into pixels. */
  private static Pose render(List<HandState[]> frames, Signer signer, long seed) {
    int n = frames.size();
    int points = ReducedHolistic.POINTS;
    float[] data = new float[n * points * 3];
    float[] confidence = new float[n * points];
    Arrays.fill(confidence, 1);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] jitter = new double[points * 3];
    double keep = 0.9;
    double fresh = Math.sqrt(1 - keep * keep);
    double[][] frame = new double[points][];
    for (int f = 0; f < n; f++) {
      double phase = 2 * Math.PI * f / signer.swayFrames() + signer.swayPhase();
      Vec3 sway = new Vec3(signer.sway() * Math.sin(phase), 0.4 * signer.sway() * Math.sin(1.3 * phase + 1), 0);
      pose(frames.get(f), signer, sway, frame);
      for (int p = 0; p < points; p++) {
        for (int d = 0; d < 3; d++) {
          int i = p * 3 + d;
          jitter[i] = keep * jitter[i] + fresh * signer.noise() * random.nextGaussian();
          double value = frame[p][d] + (d < 2 ? jitter[i] : 0);
          double pixels = switch (d) {
            case 0 -> signer.centerX() + value * signer.shoulderPixels();
            case 1 -> signer.shoulderY() + value * signer.shoulderPixels();
            default -> value * signer.shoulderPixels() / Signer.WIDTH;
          };
          data[(f * points + p) * 3 + d] = (float) pixels;
        }
      }
    }
    return new Pose(HEADER, new PoseBody(Signer.FPS, n, 1, points, 3, data, confidence));
  }

  /** One frame's 178 points in body units, in the header's order. */
  private static void pose(HandState[] hands, Signer signer, Vec3 sway, double[][] out) {
    Vec3 leftShoulder = new Vec3(0.5, 0, 0).plus(sway);
    Vec3 rightShoulder = new Vec3(-0.5, 0, 0).plus(sway);
    double hip = 0.5 * signer.hipScale();
    Vec3 leftHip = new Vec3(hip, 1.52, 0).plus(sway.times(0.5));
    Vec3 rightHip = new Vec3(-hip, 1.52, 0).plus(sway.times(0.5));
    double[][] left = handPoints(hands[1], false, signer.handLength());
    double[][] right = handPoints(hands[0], true, signer.handLength());
    Vec3 leftWrist = new Vec3(left[0][0], left[0][1], left[0][2]);
    Vec3 rightWrist = new Vec3(right[0][0], right[0][1], right[0][2]);
    Vec3 leftElbow = elbow(leftShoulder, leftWrist, 1, signer);
    Vec3 rightElbow = elbow(rightShoulder, rightWrist, -1, signer);
    Vec3[] body = {leftShoulder, rightShoulder, leftElbow, rightElbow, leftWrist, rightWrist, leftHip, rightHip};
    for (int i = 0; i < BODY_POINTS; i++) {
      out[i] = new double[] {body[i].x(), body[i].y(), body[i].z()};
    }
    Vec3 face = Body.FACE_CENTER.plus(sway.times(1.3));
    for (int i = 0; i < FACE_POINTS; i++) {
      Vec3 p = face.plus(Body.facePoint(ReducedHolistic.FACE_POINTS.get(i), signer.faceScale()));
      out[BODY_POINTS + i] = new double[] {p.x(), p.y(), p.z()};
    }
    System.arraycopy(left, 0, out, LEFT_HAND, HandShape.POINTS);
    System.arraycopy(right, 0, out, RIGHT_HAND, HandShape.POINTS);
  }

  /**
   * The elbow by two-bone inverse kinematics: upper arm and forearm of the signer's lengths, bending down, out
   * ({@code outward}: +1 to the picture's right) and back.
   */
  static Vec3 elbow(Vec3 shoulder, Vec3 wrist, int outward, Signer signer) {
    double upper = Body.UPPER_ARM * signer.armScale();
    double fore = Body.FOREARM * signer.armScale();
    Vec3 toWrist = wrist.minus(shoulder);
    double d = Math.max(Math.abs(upper - fore) + 1e-3, Math.min(upper + fore - 1e-3, toWrist.norm()));
    Vec3 dir = toWrist.norm() < 1e-9 ? new Vec3(0, 1, 0) : toWrist.normalized();
    double along = (upper * upper - fore * fore + d * d) / (2 * d);
    double out = Math.sqrt(Math.max(0, upper * upper - along * along));
    Vec3 pole = new Vec3(0.5 * outward, 1, 0.4);
    pole = pole.minus(dir.times(pole.dot(dir)));
    if (pole.norm() < 1e-6) {
      pole = new Vec3(outward, 0, 0);
    }
    return shoulder.plus(dir.times(along)).plus(pole.normalized().times(out));
  }

  /** Smoothstep: 0 to 1 with zero speed at both ends. */
  static double smooth(double t) {
    double x = Math.max(0, Math.min(1, t));
    return x * x * (3 - 2 * x);
  }

  /** The minimum-jerk time course of a reaching movement. */
  static double minimumJerk(double t) {
    double x = Math.max(0, Math.min(1, t));
    return x * x * x * (10 - 15 * x + 6 * x * x);
  }
}
