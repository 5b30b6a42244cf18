package org.signwriting.animation.synthetic;

import java.awt.Dimension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.signwriting.animation.signwriting.IswaGroup;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.signwriting.SignSymbol;

/**
 * What a sign's symbols ask a signer to do, independent of who signs it: where each hand starts (its palm's
 * centre, in body units) with which shape and orientation, what it ends as, and the steps performed in between
 * (movements, contacts, finger movements; the actions of one step happen together).
 *
 * <p>Placement: a hand symbol's place in the sign box relative to the head symbol (the nearest, when a sign
 * shows several heads) is its place relative to the face, at the scale where the head symbol is as tall as the
 * face; the page's right is the signer's right, the picture's left. Without a head, the hands' middle is in
 * front of the chest. Hand side: rotations 0-7 are the right hand, 8-15 (mirrored) the left; the first symbol of
 * a side sets its start, the last its end (a change of hand shape or place). Steps follow the writing order;
 * arrows of the two hands written one after the other move together.
 */
final class SignScript {
  /** Body units per sign-box unit: a head symbol (36 units) is as tall as the face (0.6 shoulder widths). */
  static final double SCALE = Body.FACE_HEIGHT / 36.0;
  /** Where the hands' middle goes in a sign without a head: in front of the chest. */
  static final Vec3 NEUTRAL = new Vec3(0, 0.4, -0.45);
  private static final double FACE_DEPTH = -0.3;
  /** Frames a hand-shape or place change takes when no step carries it. */
  static final int CHANGE_FRAMES = 12;

  /** One hand's part: present or not, start and end. */
  record HandTrack(boolean present, Vec3 start, Vec3 end, HandShape startShape, HandShape endShape,
      HandOrientation startOrientation, HandOrientation endOrientation) {}

  /** Something a hand does during a step. */
  sealed interface Action permits Move, Contact, FingerMove {
    /** 0 = right hand, 1 = left hand, 2 = both. */
    int hand();

    /** Frames at normal speed. */
    int frames();
  }

  /** A movement arrow. */
  record Move(int hand, Movement movement) implements Action {
    @Override
    public int frames() {
      int one = movement.frames();
      return one * movement.repeats() + (movement.repeats() - 1) * one / 2;
    }
  }

  /** Where a contact goes. */
  enum Target { FACE, OTHER_HAND, BODY }

  /** A contact (touch, grasp, strike, brush, rub): the hand's leading finger goes to the target and back. */
  record Contact(int hand, Target target, Vec3 point, int repeats, boolean rubbing) implements Action {
    @Override
    public int frames() {
      return 12 * repeats + (rubbing ? 6 : 0);
    }
  }

  /** A finger movement: squeeze (close), flick (open) or hinge (bend the fingers at the knuckles). */
  record FingerMove(int hand, Kind kind, int repeats, double amplitude) implements Action {
    enum Kind { SQUEEZE, FLICK, HINGE }

    @Override
    public int frames() {
      return 10 * repeats;
    }
  }

  /** Actions performed together. */
  record Step(List<Action> actions) {
    int frames() {
      return actions.stream().mapToInt(Action::frames).max().orElse(0);
    }
  }

  private final HandTrack right;
  private final HandTrack left;
  private final List<Step> steps;
  private final boolean head;

  private SignScript(HandTrack right, HandTrack left, List<Step> steps, boolean head) {
    this.right = right;
    this.left = left;
    this.steps = List.copyOf(steps);
    this.head = head;
  }

  HandTrack hand(int side) {
    return side == 0 ? right : left;
  }

  List<Step> steps() {
    return steps;
  }

  boolean hasHead() {
    return head;
  }

  /** The script of a sign. */
  static SignScript of(Sign sign) {
    List<Placed> heads = new ArrayList<>();
    List<Placed> hands = new ArrayList<>();
    for (SignSymbol symbol : sign.symbols()) {
      Placed placed = Placed.of(symbol);
      IswaGroup group = IswaGroup.of(symbol.base());
      if (group.category() == IswaGroup.Category.HEAD && placed.width >= 30 && placed.height >= 30) {
        heads.add(placed);
      } else if (group.category() == IswaGroup.Category.HAND) {
        hands.add(placed);
      }
    }
    List<List<Placed>> sides = handsBySide(hands);
    Placement placement = new Placement(heads, hands);
    HandTrack[] tracks = new HandTrack[2];
    for (int side = 0; side < 2; side++) {
      List<Placed> own = sides.get(side);
      if (own.isEmpty()) {
        tracks[side] = restingHand(side);
        continue;
      }
      Placed first = own.get(0);
      Placed last = own.get(own.size() - 1);
      boolean rightHand = side == 0;
      tracks[side] = new HandTrack(true, placement.of(first, side), placement.of(last, side),
          HandShape.of(first.symbol.base()), HandShape.of(last.symbol.base()),
          HandOrientation.of(first.symbol.fill(), first.symbol.rotation(), rightHand),
          HandOrientation.of(last.symbol.fill(), last.symbol.rotation(), rightHand));
    }
    List<Step> steps = steps(sign, tracks, sides, placement);
    if (steps.stream().noneMatch(s -> s.actions().stream().anyMatch(a -> a instanceof Move))
        && (!tracks[0].present() && !tracks[1].present())) {
      tracks[0] = new HandTrack(true, NEUTRAL.plus(new Vec3(-0.2, 0, 0)), NEUTRAL.plus(new Vec3(-0.2, 0, 0)),
          HandShape.flat(), HandShape.flat(), HandOrientation.of(0, 0, true), HandOrientation.of(0, 0, true));
    }
    return new SignScript(tracks[0], tracks[1], steps, !heads.isEmpty());
  }

  /**
   * A hand the sign does not use: resting low in front of the body, fingers down, where a dictionary video's
   * frame still shows it (the fingertips stay 1.3 shoulder widths below the shoulders).
   */
  static HandTrack restingHand(int side) {
    double x = side == 0 ? -0.32 : 0.32;
    Vec3 at = new Vec3(x, 0.85, -0.2);
    HandOrientation down = new HandOrientation(new Vec3(0, 1, 0), new Vec3(side == 0 ? 1 : -1, 0, 0));
    HandShape relaxed = HandShape.lerp(HandShape.flat(), HandShape.of(0x203), 0.25);
    return new HandTrack(false, at, at, relaxed, relaxed, down, down);
  }

  /** Hand symbols by side (right, left): by rotation, or by place when all share a side but sit apart. */
  private static List<List<Placed>> handsBySide(List<Placed> hands) {
    List<Placed> right = new ArrayList<>();
    List<Placed> left = new ArrayList<>();
    for (Placed hand : hands) {
      (hand.symbol.rotation() < 8 ? right : left).add(hand);
    }
    List<Placed> crowded = right.isEmpty() ? left : left.isEmpty() ? right : null;
    if (crowded != null && crowded.size() >= 2) {
      double minX = crowded.stream().mapToDouble(p -> p.cx).min().orElseThrow();
      double maxX = crowded.stream().mapToDouble(p -> p.cx).max().orElseThrow();
      if (maxX - minX > 25) {
        double middle = (minX + maxX) / 2;
        right = new ArrayList<>(crowded.stream().filter(p -> p.cx >= middle).toList());
        left = new ArrayList<>(crowded.stream().filter(p -> p.cx < middle).toList());
      }
    }
    return List.of(right, left);
  }

  private static List<Step> steps(Sign sign, HandTrack[] tracks, List<List<Placed>> sides, Placement placement) {
    List<Step> steps = new ArrayList<>();
    Move pending = null; // a one-hand arrow waiting for the other hand's to move with it
    for (SignSymbol symbol : sign.symbols()) {
      IswaGroup group = IswaGroup.of(symbol.base());
      if (group.category() != IswaGroup.Category.MOVEMENT) {
        continue;
      }
      Placed placed = Placed.of(symbol);
      Action action;
      if (group == IswaGroup.CONTACT) {
        action = contact(placed, tracks, sides, placement);
      } else if (group == IswaGroup.FINGER_MOVEMENT) {
        action = fingerMove(placed, tracks, sides);
      } else {
        Movement movement = Movement.of(symbol);
        int hand = switch (movement.hands()) {
          case RIGHT -> tracks[0].present() || !tracks[1].present() ? 0 : 1;
          case LEFT -> tracks[1].present() ? 1 : 0;
          case BOTH -> tracks[0].present() && tracks[1].present() ? 2 : tracks[1].present() ? 1 : 0;
        };
        Move move = new Move(hand, movement);
        if (pending != null && hand != 2 && pending.hand() != hand) {
          steps.add(new Step(List.of(pending, move)));
          pending = null;
          continue;
        }
        if (pending != null) {
          steps.add(new Step(List.of(pending)));
          pending = null;
        }
        if (hand != 2 && tracks[1 - hand].present()) {
          pending = move;
          continue;
        }
        action = move;
      }
      if (pending != null) {
        steps.add(new Step(List.of(pending)));
        pending = null;
      }
      steps.add(new Step(List.of(action)));
    }
    if (pending != null) {
      steps.add(new Step(List.of(pending)));
    }
    return steps;
  }

  private static Contact contact(Placed placed, HandTrack[] tracks, List<List<Placed>> sides, Placement placement) {
    String name = placed.symbol.unicodeName();
    int repeats = name.contains("MULTIPLE") ? 2 : 1;
    boolean rubbing = name.contains("RUB") || name.contains("BRUSH");
    int hand = nearestHand(placed, tracks, sides);
    Placed head = placement.nearestHead(placed);
    Target target;
    Vec3 point = null;
    if (tracks[0].present() && tracks[1].present() && (head == null
        || distanceToNearestHand(placed, sides) < head.distance(placed))) {
      target = Target.OTHER_HAND;
    } else if (head != null && head.distance(placed) < 40) {
      target = Target.FACE;
      Vec3 onFace = placement.relativeToHead(placed, head);
      point = new Vec3(onFace.x(), onFace.y(), FACE_DEPTH + 0.2);
    } else {
      target = Target.BODY;
    }
    return new Contact(hand, target, point, repeats, rubbing);
  }

  private static FingerMove fingerMove(Placed placed, HandTrack[] tracks, List<List<Placed>> sides) {
    String name = placed.symbol.unicodeName();
    FingerMove.Kind kind = name.contains("SQUEEZE") ? FingerMove.Kind.SQUEEZE
        : name.contains("FLICK") ? FingerMove.Kind.FLICK : FingerMove.Kind.HINGE;
    int repeats = name.contains("MULTIPLE") || name.contains("SEQUENTIAL") || name.contains("ALTERNATING")
        || name.contains("UP DOWN") ? 2 : 1;
    double amplitude = name.contains("SMALL") ? 0.5 : 1.0;
    int hand = nearestHand(placed, tracks, sides);
    if (name.contains("ALTERNATING") && tracks[0].present() && tracks[1].present()) {
      hand = 2;
    }
    return new FingerMove(hand, kind, repeats, amplitude);
  }

  private static int nearestHand(Placed placed, HandTrack[] tracks, List<List<Placed>> sides) {
    if (!tracks[1].present()) {
      return 0;
    }
    if (!tracks[0].present()) {
      return 1;
    }
    double right = sides.get(0).stream().mapToDouble(placed::distance).min().orElse(Double.MAX_VALUE);
    double left = sides.get(1).stream().mapToDouble(placed::distance).min().orElse(Double.MAX_VALUE);
    return right <= left ? 0 : 1;
  }

  private static double distanceToNearestHand(Placed placed, List<List<Placed>> sides) {
    return sides.stream().flatMap(List::stream).mapToDouble(placed::distance).min().orElse(Double.MAX_VALUE);
  }

  /** A symbol with its size and centre in sign-box units. */
  record Placed(SignSymbol symbol, int width, int height, double cx, double cy) {
    static Placed of(SignSymbol symbol) {
      Dimension size = SignRenderer.symbolSize(symbol);
      return new Placed(symbol, size.width, size.height, symbol.x() + size.width / 2.0,
          symbol.y() + size.height / 2.0);
    }

    double distance(Placed other) {
      return Math.hypot(cx - other.cx, cy - other.cy);
    }
  }

  /** Where symbols go on the body. */
  private static final class Placement {
    private final List<Placed> heads;
    private final double handsX;
    private final double handsY;
    private final int handCount;

    Placement(List<Placed> heads, List<Placed> hands) {
      this.heads = heads;
      this.handsX = hands.stream().mapToDouble(Placed::cx).average().orElse(500);
      this.handsY = hands.stream().mapToDouble(Placed::cy).average().orElse(500);
      this.handCount = hands.size();
    }

    Placed nearestHead(Placed placed) {
      return heads.stream().min(Comparator.comparingDouble(h -> h.distance(placed))).orElse(null);
    }

    /** The palm centre of a hand symbol, in body units. */
    Vec3 of(Placed hand, int side) {
      Placed head = nearestHead(hand);
      if (head != null) {
        Vec3 p = relativeToHead(hand, head);
        double depth = Math.abs(p.y() - Body.FACE_CENTER.y()) < Body.FACE_HEIGHT ? FACE_DEPTH : NEUTRAL.z();
        return clamp(new Vec3(p.x(), p.y(), depth));
      }
      double x = -SCALE * (hand.cx - handsX);
      double y = SCALE * (hand.cy - handsY);
      if (handCount == 1 || Math.abs(x) < 0.1) {
        x += side == 0 ? -0.18 : 0.18;
      }
      return clamp(NEUTRAL.plus(new Vec3(x, y, 0)));
    }

    /** A symbol's place relative to a head symbol, as a place relative to the face. */
    Vec3 relativeToHead(Placed symbol, Placed head) {
      double k = Body.FACE_HEIGHT / head.height;
      return Body.FACE_CENTER.plus(new Vec3(-k * (symbol.cx - head.cx), k * (symbol.cy - head.cy), 0));
    }

    private static Vec3 clamp(Vec3 p) {
      return new Vec3(Math.max(-1.1, Math.min(1.1, p.x())), Math.max(-1.2, Math.min(1.1, p.y())), p.z());
    }
  }
}
