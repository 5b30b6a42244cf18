package org.signwriting.animation.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.signwriting.animation.signwriting.IswaGroup;
import org.signwriting.animation.signwriting.SignSymbol;

/**
 * The finger configuration a hand symbol depicts: the flexion of each finger's three joints, how far the fingers
 * are spread, and where the thumb is. Read from the symbol base's Unicode name, which spells the ISWA hand
 * shape in words: the form ({@code FIST}, {@code FLAT}, {@code CIRCLE}, {@code CUP}, {@code OVAL}, {@code HINGE},
 * {@code ANGLE}, {@code CLAW}, {@code HOOK}, {@code CURLICUE}), the fingers it names and their modifiers
 * ({@code BENT}, {@code HINGED}, {@code RAISED KNUCKLE}, {@code SPREAD}, {@code CONJOINED}, {@code THUMB SIDE},
 * {@code NO THUMB}, ...). In a {@code FIST} the named fingers are extended and the others closed; in the other
 * forms the named fingers take the form's shape (all four fingers when none is named). An approximation, but a
 * deterministic one in which different bases give different shapes.
 */
final class HandShape {
  static final int FINGERS = 4;
  /** Points of a hand, MediaPipe's order. */
  static final int POINTS = 21;

  /** Joint flexions (MCP, PIP, DIP in radians, toward the palm) of the finger shapes the names use. */
  enum FingerForm {
    STRAIGHT(0, 0, 0),
    CLOSED(1.45, 1.65, 1.1),
    BENT(0.35, 0.9, 0.6),
    HINGE(1.5, 0.05, 0.05),
    ANGLE(0.75, 0.05, 0.05),
    CUP(0.45, 0.55, 0.35),
    OVAL(0.65, 0.8, 0.55),
    CIRCLE(0.8, 1.0, 0.75),
    CLAW(0.25, 1.1, 0.9),
    HOOK(0.1, 1.55, 1.25),
    KNUCKLE(0.05, 1.5, 1.2),
    CURL(1.1, 1.5, 1.2);

    final double mcp;
    final double pip;
    final double dip;

    FingerForm(double mcp, double pip, double dip) {
      this.mcp = mcp;
      this.pip = pip;
      this.dip = dip;
    }
  }

  /** Thumb placements: abduction toward the thumb side, opposition toward the palm side, bend of its joints. */
  enum ThumbForm {
    ALONG(0.35, 0.15, 0.15),
    OUT(0.95, 0.05, 0.05),
    UP(0.45, 0.0, 0.0),
    ACROSS(0.2, 0.9, 0.9),
    OPPOSED(0.6, 0.7, 0.4),
    FORWARD(0.5, 1.2, 0.1),
    HOOKED(0.7, 0.4, 1.3);

    final double abduction;
    final double opposition;
    final double bend;

    ThumbForm(double abduction, double opposition, double bend) {
      this.abduction = abduction;
      this.opposition = opposition;
      this.bend = bend;
    }
  }

  /** Default spread of each finger (radians toward the thumb side), index to little finger. */
  private static final double[] SPREAD = {0.09, 0.0, -0.08, -0.17};
  /** MCP joints in hand lengths: along the fingers, toward the thumb side. */
  private static final double[][] MCP = {{0.46, 0.15}, {0.48, 0.05}, {0.45, -0.05}, {0.40, -0.14}};
  /** Phalanx lengths in hand lengths (proximal, middle, distal), index to little finger. */
  private static final double[][] PHALANGES = {{0.20, 0.13, 0.11}, {0.22, 0.16, 0.12}, {0.20, 0.14, 0.11},
      {0.16, 0.11, 0.10}};
  private static final double[] THUMB_CMC = {0.12, 0.14};
  private static final double[] THUMB_BONES = {0.20, 0.15, 0.12};

  private static final ConcurrentHashMap<Integer, HandShape> CACHE = new ConcurrentHashMap<>();

  /** MCP, PIP, DIP flexion per finger, index to little. */
  private final double[][] flexion;
  /** Spread per finger, radians toward the thumb side. */
  private final double[] spread;
  private final double thumbAbduction;
  private final double thumbOpposition;
  private final double thumbBend;

  private HandShape(double[][] flexion, double[] spread, double thumbAbduction, double thumbOpposition,
      double thumbBend) {
    this.flexion = flexion;
    this.spread = spread;
    this.thumbAbduction = thumbAbduction;
    this.thumbOpposition = thumbOpposition;
    this.thumbBend = thumbBend;
  }

  /** The flat hand (fingers together, thumb alongside): the shape of a hand the sign does not show. */
  static HandShape flat() {
    return of(0x15a);
  }

  /** The shape of a hand symbol's base ({@code 0x100..0x204}). */
  static HandShape of(int base) {
    if (IswaGroup.of(base).category() != IswaGroup.Category.HAND) {
      throw new IllegalArgumentException("S" + Integer.toHexString(base) + " is not a hand shape");
    }
    return CACHE.computeIfAbsent(base, b -> parse(SignSymbol.unicodeName(b)));
  }

  /** Parses {@code SIGNWRITING HAND-FORM [FINGERS MODIFIERS]...}. */
  static HandShape parse(String unicodeName) {
    String prefix = "SIGNWRITING HAND-";
    if (!unicodeName.startsWith(prefix)) {
      throw new IllegalArgumentException(unicodeName + ": not a SignWriting hand shape");
    }
    List<String> words = new ArrayList<>(Arrays.asList(unicodeName.substring(prefix.length()).split(" ")));
    String formWord = words.remove(0);
    FingerForm form = switch (formWord) {
      case "FIST", "FLAT" -> FingerForm.STRAIGHT;
      case "CURLICUE" -> FingerForm.CURL;
      default -> FingerForm.valueOf(formWord);
    };
    FingerForm[] fingers = new FingerForm[FINGERS];
    double[] spread = SPREAD.clone();
    ThumbForm thumb = null;
    boolean thumbNamed = false;
    boolean anyFingerNamed = false;
    List<Integer> group = new ArrayList<>(); // the fingers (4 = thumb) the next modifiers refer to
    boolean previousWasFinger = false;
    boolean noThumb = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      List<Integer> named = switch (word) {
        case "INDEX" -> List.of(0);
        case "MIDDLE" -> List.of(1);
        case "RING" -> List.of(2);
        case "LITTLE" -> List.of(3);
        case "THUMB" -> List.of(4);
        case "FOUR" -> List.of(0, 1, 2, 3);
        case "FIVE" -> List.of(0, 1, 2, 3, 4);
        default -> List.of();
      };
      if (!named.isEmpty()) {
        if (i + 1 < words.size() && words.get(i + 1).equals("FINGERS")) {
          i++;
        }
        if (!previousWasFinger) {
          group = new ArrayList<>();
        }
        for (int finger : named) {
          group.add(finger);
          if (finger == 4) {
            thumbNamed = !noThumb;
            thumb = noThumb ? ThumbForm.ACROSS : thumbFor(form);
          } else {
            anyFingerNamed = true;
            fingers[finger] = form;
          }
        }
        previousWasFinger = true;
        continue;
      }
      previousWasFinger = false;
      if (word.equals("NO")) {
        noThumb = true;
        continue;
      }
      if (word.equals("TWO") || word.equals("THREE")) { // "THUMB UNDER TWO FINGERS": those stay closed
        if (i + 1 < words.size() && words.get(i + 1).equals("FINGERS")) {
          i++;
        }
        continue;
      }
      boolean thumbGroup = group.size() == 1 && group.get(0) == 4;
      if (thumbGroup || (word.equals("SIDE") || word.equals("FORWARD")) && group.contains(4)) {
        thumb = switch (word) {
          case "SIDE", "ANGLED", "DIAGONAL", "OUT" -> ThumbForm.OUT;
          case "FORWARD" -> ThumbForm.FORWARD;
          case "UNDER", "OVER", "BETWEEN", "IN", "INSIDE" -> ThumbForm.ACROSS;
          case "BENT", "HOOKED", "HOOK" -> ThumbForm.HOOKED;
          case "CIRCLED", "CIRCLE", "CUPPED", "CURVE", "CURLICUE" -> ThumbForm.OPPOSED;
          case "CONJOINED", "TOUCHING", "TOUCHES" -> ThumbForm.ALONG;
          default -> thumb;
        };
        continue;
      }
      FingerForm modified = switch (word) {
        case "BENT" -> FingerForm.BENT;
        case "HINGED", "HINGE", "DOWN" -> FingerForm.HINGE;
        case "UP", "STRAIGHT" -> FingerForm.STRAIGHT;
        case "RAISED" -> FingerForm.KNUCKLE;
        case "CUPPED" -> FingerForm.CUP;
        case "CIRCLED" -> FingerForm.CIRCLE;
        case "HOOKED" -> FingerForm.HOOK;
        case "ANGLED" -> FingerForm.ANGLE;
        default -> null;
      };
      for (int finger : group) {
        if (finger == 4) {
          continue;
        }
        if (modified != null) {
          fingers[finger] = modified;
        } else if (word.equals("SPREAD")) {
          spread[finger] = SPREAD[finger] * 2.5 + (finger == 1 ? 0.02 : 0);
        } else if (word.equals("CONJOINED")) {
          spread[finger] = 0;
        } else if (word.equals("CROSSED") || word.equals("CROSS")) {
          spread[finger] = finger == 0 ? -0.12 : finger == 1 ? 0.14 : spread[finger];
        }
      }
      if (word.equals("SPREAD") && group.isEmpty()) {
        for (int f = 0; f < FINGERS; f++) {
          spread[f] = SPREAD[f] * 2.5;
        }
      }
      if (word.equals("OPEN")) {
        for (int f = 0; f < FINGERS; f++) {
          if (fingers[f] != null && fingers[f] != FingerForm.STRAIGHT) {
            spread[f] = SPREAD[f] * 1.5;
          }
        }
      }
    }
    double openness = words.contains("OPEN") ? 0.55 : 1.0;
    boolean fist = formWord.equals("FIST");
    double[][] flexion = new double[FINGERS][];
    for (int f = 0; f < FINGERS; f++) {
      FingerForm shape = fingers[f];
      if (shape == null) {
        shape = fist || anyFingerNamed ? FingerForm.CLOSED : form;
      }
      double scale = shape == form && shape != FingerForm.STRAIGHT ? openness : 1.0;
      flexion[f] = new double[] {shape.mcp * scale, shape.pip * scale, shape.dip * scale};
      if (shape == FingerForm.CLOSED) {
        spread[f] = 0;
      }
    }
    if (thumb == null) {
      thumb = noThumb ? ThumbForm.ACROSS : fist ? ThumbForm.ACROSS : thumbFor(form);
      if (formWord.equals("FLAT") && !words.contains("FIVE") && !thumbNamed && !words.contains("THUMB")) {
        thumb = words.contains("FOUR") ? ThumbForm.ACROSS : ThumbForm.ALONG;
      }
    }
    if (fist && thumbNamed && !anyFingerNamed && thumb == thumbFor(form)) {
      thumb = ThumbForm.UP;
    }
    return new HandShape(flexion, spread, thumb.abduction, thumb.opposition * openness, thumb.bend * openness);
  }

  private static ThumbForm thumbFor(FingerForm form) {
    return switch (form) {
      case STRAIGHT, CLAW -> ThumbForm.OUT;
      case CIRCLE, OVAL, CUP, CURL -> ThumbForm.OPPOSED;
      case HINGE -> ThumbForm.OPPOSED;
      case ANGLE, BENT, KNUCKLE -> ThumbForm.ALONG;
      case HOOK, CLOSED -> ThumbForm.ACROSS;
    };
  }

  /** The shape {@code t} of the way from {@code a} to {@code b}. */
  static HandShape lerp(HandShape a, HandShape b, double t) {
    double[][] flexion = new double[FINGERS][3];
    double[] spread = new double[FINGERS];
    for (int f = 0; f < FINGERS; f++) {
      for (int j = 0; j < 3; j++) {
        flexion[f][j] = a.flexion[f][j] + t * (b.flexion[f][j] - a.flexion[f][j]);
      }
      spread[f] = a.spread[f] + t * (b.spread[f] - a.spread[f]);
    }
    return new HandShape(flexion, spread, a.thumbAbduction + t * (b.thumbAbduction - a.thumbAbduction),
        a.thumbOpposition + t * (b.thumbOpposition - a.thumbOpposition),
        a.thumbBend + t * (b.thumbBend - a.thumbBend));
  }

  /** This shape with every finger's MCP joint bent {@code angle} more (a hinge movement of the fingers). */
  HandShape hinged(double angle) {
    double[][] flexion = new double[FINGERS][];
    for (int f = 0; f < FINGERS; f++) {
      flexion[f] = flexion(f).clone();
      flexion[f][0] = Math.max(-0.3, Math.min(1.6, flexion[f][0] + angle));
    }
    return new HandShape(flexion, spread, thumbAbduction, thumbOpposition, thumbBend);
  }

  double[] flexion(int finger) {
    return flexion[finger];
  }

  double spread(int finger) {
    return spread[finger];
  }

  /**
   * The 21 points in the hand's own frame, in hand lengths: component 0 along the extended fingers, 1 toward the
   * thumb side, 2 toward the side the palm faces. The wrist is at the origin.
   */
  double[][] localPoints() {
    double[][] points = new double[POINTS][];
    points[0] = new double[] {0, 0, 0};
    // Thumb: from its base joint, bones turning from the abducted direction toward the palm.
    double[] direction = normalize(new double[] {Math.cos(thumbAbduction), Math.sin(thumbAbduction),
        thumbOpposition});
    double[] bendTarget = normalize(new double[] {0.2, -0.5, 0.8});
    double[] at = {THUMB_CMC[0], THUMB_CMC[1], 0};
    points[1] = at.clone();
    for (int bone = 0; bone < 3; bone++) {
      if (bone > 0) {
        direction = normalize(slerpish(direction, bendTarget, thumbBend / 2));
      }
      at = new double[] {at[0] + THUMB_BONES[bone] * direction[0], at[1] + THUMB_BONES[bone] * direction[1],
          at[2] + THUMB_BONES[bone] * direction[2]};
      points[2 + bone] = at.clone();
    }
    for (int f = 0; f < FINGERS; f++) {
      double s = spread[f];
      double[] base = {MCP[f][0], MCP[f][1], 0};
      points[5 + 4 * f] = base.clone();
      double angle = 0;
      double[] joint = base;
      for (int bone = 0; bone < 3; bone++) {
        angle += flexion[f][bone];
        double along = Math.cos(angle);
        double[] d = {along * Math.cos(s), along * Math.sin(s), Math.sin(angle)};
        joint = new double[] {joint[0] + PHALANGES[f][bone] * d[0], joint[1] + PHALANGES[f][bone] * d[1],
            joint[2] + PHALANGES[f][bone] * d[2]};
        points[6 + 4 * f + bone] = joint.clone();
      }
    }
    return points;
  }

  /** A direction part of the way from {@code a} toward {@code b} (by angle, roughly). */
  private static double[] slerpish(double[] a, double[] b, double amount) {
    double t = Math.min(1, Math.max(0, amount));
    return new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
  }

  private static double[] normalize(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int f = 0; f < FINGERS; f++) {
      s.append(String.format(Locale.ROOT, "%.2f/%.2f/%.2f<%.2f ", flexion[f][0], flexion[f][1], flexion[f][2],
          spread[f]));
    }
    return s.append(String.format(Locale.ROOT, "thumb %.2f/%.2f/%.2f", thumbAbduction, thumbOpposition,
        thumbBend)).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandShape h && toString().equals(h.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
