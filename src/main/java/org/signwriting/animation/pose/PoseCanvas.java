package org.signwriting.animation.pose;

import java.util.Locale;

/**
 * The pixel canvas a shoulder-normalized pose (midpoint of the shoulders at 0, shoulder width 1: the training
 * space) is drawn into, framed as sign-language dictionary videos are: the shoulders are {@value #SHOULDER_WIDTH}
 * of the canvas's shorter side wide, their midpoint centred across and at {@value #SHOULDER_HEIGHT} of the height
 * down. In a square canvas that leaves room for the head above (about 1.1 shoulder widths) and for hands down to
 * 1.7 shoulder widths below the shoulders and 1.4 to either side, where the shared holistic poses' points lie
 * (measured: 99 % within 0.95 above, 1.55 below, 1.0 to the side). pose-format's {@code PoseVisualizer} and the
 * pose viewers draw points at their pixel coordinates in a picture of the header's width and height, so a pose
 * in this canvas is a signer filling the frame. Depth is scaled like width and height, around 0.
 */
public record PoseCanvas(int width, int height) {
  /** The canvas of a model's animations unless one is asked for. */
  public static final PoseCanvas DEFAULT = new PoseCanvas(512, 512);
  /** Shoulder width in the canvas, as a share of its shorter side. */
  public static final double SHOULDER_WIDTH = 0.35;
  /** Height of the shoulders' midpoint in the canvas, as a share of its height from the top. */
  public static final double SHOULDER_HEIGHT = 0.4;
  /** Largest side: the format stores sizes as 16-bit numbers. */
  public static final int MAX_SIDE = 0xFFFF;

  public PoseCanvas {
    if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("a canvas is 16 to " + MAX_SIDE + " pixels wide and high, not " + width
          + "x" + height);
    }
  }

  /** {@code WIDTHxHEIGHT}, e.g. {@code 512x512}. */
  public static PoseCanvas parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        return new PoseCanvas(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("a canvas is WIDTHxHEIGHT in pixels (e.g. 512x512), not '" + text + "'");
  }

  /** The canvas of a header's width and height. */
  public static PoseCanvas of(PoseHeader header) {
    return new PoseCanvas(header.width(), header.height());
  }

  /** Pixels per shoulder width. */
  public double scale() {
    return SHOULDER_WIDTH * Math.min(width, height);
  }

  public double shoulderX() {
    return width / 2.0;
  }

  public double shoulderY() {
    return SHOULDER_HEIGHT * height;
  }

  /** A shoulder-normalized pose in this canvas: its points in pixels, its header of this width and height. */
  public Pose toPixels(Pose normalized) {
    return transform(normalized, scale(), shoulderX(), shoulderY());
  }

  /** The inverse of {@link #toPixels}. */
  public Pose toNormalized(Pose pixels) {
    double scale = scale();
    return transform(pixels, 1 / scale, -shoulderX() / scale, -shoulderY() / scale);
  }

  /** The same points with this canvas's width and height in the header (e.g. for a normalized pose). */
  public Pose label(Pose pose) {
    PoseHeader h = pose.header();
    return new Pose(new PoseHeader(h.version(), width, height, h.depth(), h.components()), pose.body());
  }

  private Pose transform(Pose pose, double scale, double offsetX, double offsetY) {
    PoseBody body = pose.body();
    float[] data = body.data().clone();
    int dims = body.dims();
    for (int i = 0; i < data.length; i += dims) {
      data[i] = (float) (data[i] * scale + offsetX);
      if (dims > 1) {
        data[i + 1] = (float) (data[i + 1] * scale + offsetY);
      }
      for (int d = 2; d < dims; d++) {
        data[i + d] = (float) (data[i + d] * scale);
      }
    }
    PoseBody moved = new PoseBody(body.fps(), body.frames(), body.people(), body.points(), dims, data,
        body.confidence().clone());
    return label(new Pose(pose.header(), moved));
  }
}
