package org.signwriting.animation.pose;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The 178-point MediaPipe holistic layout that {@link Holistic#reduce} keeps and training uses: 8 body points,
 * the 128 face-mesh points on the face's contours, and both hands (21 points each). The point names are
 * MediaPipe's (pose landmarks, face-mesh indices, hand landmarks); the face's limbs are its contour lines as
 * MediaPipe's face mesh draws them (lips, eyes, eyebrows, oval), the body's and hands' limbs are MediaPipe's
 * connections between the kept points.
 */
public final class ReducedHolistic {
  public static final String BODY = "POSE_LANDMARKS";
  public static final String FACE = "FACE_LANDMARKS";
  public static final String LEFT_HAND = "LEFT_HAND_LANDMARKS";
  public static final String RIGHT_HAND = "RIGHT_HAND_LANDMARKS";
  /** The components in the order {@link Holistic#reduce} leaves them. */
  public static final List<String> COMPONENTS = List.of(BODY, FACE, LEFT_HAND, RIGHT_HAND);

  /** The body points reduce keeps, in MediaPipe's order. */
  public static final List<String> BODY_POINTS = List.of("LEFT_SHOULDER", "RIGHT_SHOULDER", "LEFT_ELBOW",
      "RIGHT_ELBOW", "LEFT_WRIST", "RIGHT_WRIST", "LEFT_HIP", "RIGHT_HIP");

  /** MediaPipe's 21 hand landmarks. */
  public static final List<String> HAND_POINTS = List.of("WRIST", "THUMB_CMC", "THUMB_MCP", "THUMB_IP",
      "THUMB_TIP", "INDEX_FINGER_MCP", "INDEX_FINGER_PIP", "INDEX_FINGER_DIP", "INDEX_FINGER_TIP",
      "MIDDLE_FINGER_MCP", "MIDDLE_FINGER_PIP", "MIDDLE_FINGER_DIP", "MIDDLE_FINGER_TIP", "RING_FINGER_MCP",
      "RING_FINGER_PIP", "RING_FINGER_DIP", "RING_FINGER_TIP", "PINKY_MCP", "PINKY_PIP", "PINKY_DIP", "PINKY_TIP");

  /**
   * The face's contour lines, as face-mesh indices in drawing order; "right" and "left" are the person's. The
   * eyes, lips and oval are closed loops, each eyebrow two open lines (upper and lower edge).
   */
  public enum FaceContour {
    OVAL(true, 10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
        176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109),
    LIPS_OUTER(true, 61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146),
    LIPS_INNER(true, 78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95),
    RIGHT_EYE(true, 33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7),
    LEFT_EYE(true, 263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249),
    RIGHT_EYEBROW_UPPER(false, 70, 63, 105, 66, 107),
    RIGHT_EYEBROW_LOWER(false, 46, 53, 52, 65, 55),
    LEFT_EYEBROW_UPPER(false, 300, 293, 334, 296, 336),
    LEFT_EYEBROW_LOWER(false, 276, 283, 282, 295, 285);

    private final boolean closed;
    private final int[] indices;

    FaceContour(boolean closed, int... indices) {
      this.closed = closed;
      this.indices = indices;
    }

    public boolean closed() {
      return closed;
    }

    /** The face-mesh indices along the line. */
    public int[] indices() {
      return indices.clone();
    }
  }

  /** The names of the face points reduce keeps: every contour point, by ascending face-mesh index. */
  public static final List<String> FACE_POINTS = facePoints();

  /** Points per frame: 178. */
  public static final int POINTS = BODY_POINTS.size() + FACE_POINTS.size() + 2 * HAND_POINTS.size();

  private static final int[][] BODY_LIMBS = {
      {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {0, 6}, {1, 7}, {6, 7}};
  private static final int[][] HAND_LIMBS = {
      {0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 5}, {5, 6}, {6, 7}, {7, 8}, {5, 9}, {9, 10}, {10, 11}, {11, 12},
      {9, 13}, {13, 14}, {14, 15}, {15, 16}, {13, 17}, {0, 17}, {17, 18}, {18, 19}, {19, 20}};
  /** Hand colours by point: the wrist grey, then thumb, index, middle, ring and little finger, light to dark. */
  private static final int[][] FINGER_COLORS = {
      {192, 0, 0}, {192, 192, 0}, {0, 192, 0}, {0, 192, 192}, {0, 0, 192}};

  private ReducedHolistic() {}

  private static List<String> facePoints() {
    TreeSet<Integer> indices = new TreeSet<>();
    for (FaceContour contour : FaceContour.values()) {
      for (int index : contour.indices) {
        indices.add(index);
      }
    }
    return indices.stream().map(String::valueOf).toList();
  }

  /**
   * The header of a 178-point 3-D pose ({@code XYZC}: x, y, z and a confidence per point) for a video of the
   * given size.
   */
  public static PoseHeader header(int width, int height) {
    List<PoseComponent> components = new ArrayList<>();
    components.add(new PoseComponent(BODY, "XYZC", BODY_POINTS, limbs(BODY_LIMBS),
        List.of(new PoseComponent.Rgb(255, 0, 0))));
    components.add(new PoseComponent(FACE, "XYZC", FACE_POINTS, faceLimbs(),
        List.of(new PoseComponent.Rgb(128, 0, 0))));
    for (String hand : List.of(LEFT_HAND, RIGHT_HAND)) {
      components.add(new PoseComponent(hand, "XYZC", HAND_POINTS, limbs(HAND_LIMBS), handColors()));
    }
    return new PoseHeader(PoseHeader.CURRENT_VERSION, width, height, 0, components);
  }

  private static List<PoseComponent.Limb> limbs(int[][] pairs) {
    List<PoseComponent.Limb> limbs = new ArrayList<>();
    for (int[] pair : pairs) {
      limbs.add(new PoseComponent.Limb(pair[0], pair[1]));
    }
    return limbs;
  }

  private static List<PoseComponent.Limb> faceLimbs() {
    List<PoseComponent.Limb> limbs = new ArrayList<>();
    for (FaceContour contour : FaceContour.values()) {
      int[] line = contour.indices;
      int segments = contour.closed ? line.length : line.length - 1;
      for (int i = 0; i < segments; i++) {
        limbs.add(new PoseComponent.Limb(FACE_POINTS.indexOf(String.valueOf(line[i])),
            FACE_POINTS.indexOf(String.valueOf(line[(i + 1) % line.length]))));
      }
    }
    return limbs;
  }

  private static List<PoseComponent.Rgb> handColors() {
    List<PoseComponent.Rgb> colors = new ArrayList<>();
    colors.add(new PoseComponent.Rgb(232, 232, 232));
    for (int[] base : FINGER_COLORS) {
      for (int joint = 0; joint < 4; joint++) {
        colors.add(new PoseComponent.Rgb(base[0] + 35 * joint, base[1] + 35 * joint, base[2] + 35 * joint));
      }
    }
    return colors;
  }
}
