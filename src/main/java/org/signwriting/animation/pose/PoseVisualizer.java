package org.signwriting.animation.pose;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.signwriting.animation.util.AtomicFiles;

/**
 * Draws a pose's skeleton frame by frame, with the semantics of pose-format's {@code PoseVisualizer}: per person and
 * component, each detected point as a small disc and each limb between two detected points as a line, in the
 * component's colours faded towards the background by the points' confidence; points with confidence 0 (and
 * their limbs) are not drawn. Only x and y are used.
 *
 * <p>The canvas is the header's video size scaled to the requested width. When the coordinates are not in that
 * video's pixel space (a normalized pose, e.g. shoulder-normalized training data around 0), the data's extent over
 * the whole sequence is fitted into the canvas with a margin instead, so the skeleton keeps one scale and position
 * throughout.
 *
 * <p>Immutable and thread-safe: each call draws into its own image.
 */
public final class PoseVisualizer {
  /** Components in world coordinates (metres around the hips), which have no place on the video's canvas. */
  private static final Set<String> WORLD_COMPONENTS = Set.of("POSE_WORLD_LANDMARKS");
  /** Canvas width when neither the caller nor the header gives one. */
  public static final int DEFAULT_WIDTH = 512;
  /** Largest picture side: a frame is held in memory as 4 bytes a pixel. */
  public static final int MAX_SIDE = 8192;
  /**
   * The most pixels a GIF preview draws and encodes (frames x width x height): about 4,000 frames at 1000 x 1000,
   * some minutes of work. Drawing and encoding cost grows with the pixels, and a pose file sets the frames.
   */
  public static final long MAX_GIF_PIXELS = 4_000_000_000L;
  /** A GIF frame's delay is stored in hundredths of a second in 16 bits: at most 655.35 s a frame. */
  public static final double MIN_GIF_FPS = 100.0 / 0xFFFF;
  /** Share of the canvas left free on each side when the data is fitted. */
  private static final double FIT_MARGIN = 0.05;
  /** Share of the points that must lie in the video's box for the coordinates to count as its pixels. */
  private static final double PIXEL_SPACE_MIN_INSIDE = 0.5;
  /** A skeleton in pixel coordinates spans at least this share of the video; normalized ones span a few units. */
  private static final double PIXEL_SPACE_MIN_EXTENT = 0.05;
  private static final Color UNCOLOURED = new Color(64, 64, 64);

  private final Pose pose;
  private final boolean transparent;
  private final int width;
  private final int height;
  private final boolean fitted;
  /** canvas = data * scale + offset, per axis. */
  private final double scaleX;
  private final double scaleY;
  private final double offsetX;
  private final double offsetY;
  private final float thickness;
  private final float radius;

  /**
   * @param requestedWidth the canvas width in pixels, or 0 for the header's width ({@link #DEFAULT_WIDTH} when the
   *     header has none); the height follows the header's aspect ratio
   * @param transparent a transparent background instead of white
   */
  public PoseVisualizer(Pose pose, int requestedWidth, boolean transparent) {
    if (requestedWidth < 0) {
      throw new IllegalArgumentException("the width must be positive, not " + requestedWidth);
    }
    if (pose.body().dims() < 2) {
      throw new IllegalArgumentException("the pose has " + pose.body().dims() + " dimension"
          + (pose.body().dims() == 1 ? "" : "s") + " per point; drawing it needs x and y");
    }
    this.pose = pose;
    this.transparent = transparent;
    PoseHeader header = pose.header();
    boolean headerHasSize = header.width() > 0 && header.height() > 0;
    Extent extent = extent();
    width = requestedWidth > 0 ? requestedWidth : headerHasSize ? header.width() : DEFAULT_WIDTH;
    height = headerHasSize ? Math.max(1, (int) Math.round((double) width * header.height() / header.width()))
        : width;
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("a " + width + " x " + height + " picture is too large (at most " + MAX_SIDE
          + " pixels a side)");
    }
    fitted = !headerHasSize || !inPixelSpace(extent, header.width(), header.height());
    if (!fitted) {
      scaleX = (double) width / header.width();
      scaleY = (double) height / header.height();
      // Pixel x of the video is the square [x, x + 1); its centre is where a point at x belongs.
      offsetX = scaleX / 2;
      offsetY = scaleY / 2;
    } else if (extent == null) {
      scaleX = scaleY = 1;
      offsetX = offsetY = 0;
    } else {
      double spanX = extent.maxX() - extent.minX();
      double spanY = extent.maxY() - extent.minY();
      double usableWidth = width * (1 - 2 * FIT_MARGIN);
      double usableHeight = height * (1 - 2 * FIT_MARGIN);
      double scale = Math.min(spanX > 0 ? usableWidth / spanX : Double.POSITIVE_INFINITY,
          spanY > 0 ? usableHeight / spanY : Double.POSITIVE_INFINITY);
      scale = Double.isInfinite(scale) ? 1 : scale;
      scaleX = scaleY = scale;
      offsetX = width / 2.0 - (extent.minX() + extent.maxX()) / 2 * scale;
      offsetY = height / 2.0 - (extent.minY() + extent.maxY()) / 2 * scale;
    }
    // pose-format's line thickness for the canvas size, and discs of half of it.
    thickness = Math.max(1, Math.round(Math.sqrt((double) width * height) / 150));
    radius = Math.max(1, Math.round(thickness / 2f));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int frames() {
    return pose.body().frames();
  }

  /** Whether the data's extent was fitted into the canvas (the coordinates are not the video's pixels). */
  public boolean fitted() {
    return fitted;
  }

  /** One frame as a new image: ARGB when transparent, RGB on white otherwise. */
  public BufferedImage drawFrame(int frame) {
    BufferedImage image = new BufferedImage(width, height,
        transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    drawFrame(frame, image);
    return image;
  }

  /** Draws one frame into {@code image} (of this canvas's size), replacing what it held. */
  public void drawFrame(int frame, BufferedImage image) {
    PoseBody body = pose.body();
    if (frame < 0 || frame >= body.frames()) {
      throw new IllegalArgumentException("frame " + frame + " is outside the pose's frames 0.." + (body.frames() - 1));
    }
    Graphics2D g = image.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setColor(transparent ? new Color(0, 0, 0, 0) : Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setComposite(AlphaComposite.SrcOver);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setStroke(new BasicStroke(thickness, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int person = 0; person < body.people(); person++) {
        drawPerson(g, frame, person);
      }
    } finally {
      g.dispose();
    }
  }

  private void drawPerson(Graphics2D g, int frame, int person) {
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    int first = body.confidenceIndex(frame, person, 0);
    int offset = 0;
    Ellipse2D.Float disc = new Ellipse2D.Float();
    for (PoseComponent component : pose.header().components()) {
      int count = component.points().size();
      if (!WORLD_COMPONENTS.contains(component.name())) {
        float[] xs = new float[count];
        float[] ys = new float[count];
        float[] opacity = new float[count];
        for (int i = 0; i < count; i++) {
          int point = first + offset + i;
          float x = data[point * body.dims()];
          float y = data[point * body.dims() + 1];
          boolean drawn = confidence[point] > 0 && Float.isFinite(x) && Float.isFinite(y);
          xs[i] = (float) (x * scaleX + offsetX);
          ys[i] = (float) (y * scaleY + offsetY);
          opacity[i] = drawn ? Math.min(1, confidence[point]) : 0;
        }
        // One shape per colour: a draw call per disc or line costs more than its pixels on dense face meshes.
        Map<Color, Path2D.Float> discs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          if (opacity[i] > 0) {
            disc.setFrame(xs[i] - radius, ys[i] - radius, 2 * radius, 2 * radius);
            discs.computeIfAbsent(withOpacity(color(component, i), opacity[i]), c -> new Path2D.Float())
                .append(disc, false);
          }
        }
        Map<Color, Path2D.Float> lines = new LinkedHashMap<>();
        for (PoseComponent.Limb limb : component.limbs()) {
          int a = limb.from();
          int b = limb.to();
          if (a < count && b < count && opacity[a] > 0 && opacity[b] > 0) {
            Path2D.Float path = lines.computeIfAbsent(
                limbColor(color(component, a), opacity[a], color(component, b), opacity[b]), c -> new Path2D.Float());
            path.moveTo(xs[a], ys[a]);
            path.lineTo(xs[b], ys[b]);
          }
        }
        discs.forEach((color, shape) -> {
          g.setColor(color);
          g.fill(shape);
        });
        lines.forEach((color, shape) -> {
          g.setColor(color);
          g.draw(shape);
        });
      }
      offset += count;
    }
  }

  /** The component's colour for a point: its colours repeat over the points, as in pose-format. */
  private static Color color(PoseComponent component, int point) {
    List<PoseComponent.Rgb> colors = component.colors();
    if (colors.isEmpty()) {
      return UNCOLOURED;
    }
    PoseComponent.Rgb rgb = colors.get(point % colors.size());
    return new Color(Math.min(255, rgb.red()), Math.min(255, rgb.green()), Math.min(255, rgb.blue()));
  }

  private static Color withOpacity(Color color, float opacity) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), Math.round(opacity * 255));
  }

  /**
   * The mean of the two points' faded colours, as pose-format colours a limb: over any background that is the
   * opacity-weighted mean colour at the mean opacity.
   */
  private static Color limbColor(Color a, float opacityA, Color b, float opacityB) {
    float total = opacityA + opacityB;
    return new Color(
        Math.round((a.getRed() * opacityA + b.getRed() * opacityB) / total),
        Math.round((a.getGreen() * opacityA + b.getGreen() * opacityB) / total),
        Math.round((a.getBlue() * opacityA + b.getBlue() * opacityB) / total),
        Math.round(total / 2 * 255));
  }

  /** Where the drawn points lie over all frames and people, and how many of them lie inside the video's box. */
  private record Extent(double minX, double minY, double maxX, double maxY, long points, long insideVideo,
      double insideWidth, double insideHeight) {}

  /** The extent of the drawn points, or null when none is drawn. */
  private Extent extent() {
    PoseBody body = pose.body();
    float[] data = body.data();
    float[] confidence = body.confidence();
    boolean[] drawnPoint = new boolean[body.points()];
    int offset = 0;
    for (PoseComponent component : pose.header().components()) {
      for (int i = 0; i < component.points().size(); i++) {
        drawnPoint[offset + i] = !WORLD_COMPONENTS.contains(component.name());
      }
      offset += component.points().size();
    }
    int videoWidth = pose.header().width();
    int videoHeight = pose.header().height();
    double[] all = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    double[] inside = all.clone();
    long points = 0;
    long insideVideo = 0;
    for (int index = 0; index < confidence.length; index++) {
      if (confidence[index] > 0 && drawnPoint[index % body.points()]) {
        float x = data[index * body.dims()];
        float y = data[index * body.dims() + 1];
        if (Float.isFinite(x) && Float.isFinite(y)) {
          points++;
          include(all, x, y);
          if (x >= 0 && x <= videoWidth && y >= 0 && y <= videoHeight) {
            insideVideo++;
            include(inside, x, y);
          }
        }
      }
    }
    return points == 0 ? null : new Extent(all[0], all[1], all[2], all[3], points, insideVideo,
        Math.max(0, inside[2] - inside[0]), Math.max(0, inside[3] - inside[1]));
  }

  private static void include(double[] box, double x, double y) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }

  /**
   * Whether the coordinates are the video's pixels: most points lie in the video's box (MediaPipe also places
   * undetectable legs far below it, so not all) and those span enough of it to be a person rather than a
   * normalized skeleton a few units wide.
   */
  private static boolean inPixelSpace(Extent extent, int videoWidth, int videoHeight) {
    if (extent == null) {
      return true;
    }
    boolean mostlyInside = extent.insideVideo() >= PIXEL_SPACE_MIN_INSIDE * extent.points();
    boolean largeEnough = extent.insideWidth() >= PIXEL_SPACE_MIN_EXTENT * videoWidth
        || extent.insideHeight() >= PIXEL_SPACE_MIN_EXTENT * videoHeight;
    return mostlyInside && largeEnough;
  }

  /** Writes one frame as a PNG file (replaced if present, written whole or not at all). */
  public void writePng(int frame, Path file) throws IOException {
    BufferedImage image = drawFrame(frame);
    AtomicFiles.writeFile(file, temporary -> {
      if (!ImageIO.write(image, "png", temporary.toFile())) {
        throw new IOException(file + ": no PNG writer available");
      }
    });
  }

  /**
   * Writes all frames as a looping animated GIF at {@code fps} (replaced if present, written whole or not at all).
   * Frames are drawn one at a time into one image and streamed to the encoder, so memory does not grow with the
   * number of frames. {@code progress} receives the count of frames written so far.
   */
  public void writeGif(Path file, double fps, IntConsumer progress) throws IOException {
    if (!(fps >= MIN_GIF_FPS) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("a GIF's frame rate must be at least " + String.format(Locale.ROOT, "%.4f",
          MIN_GIF_FPS) + " fps (655.35 s a frame) and finite, not " + fps);
    }
    if (frames() == 0) {
      throw new IllegalArgumentException("the pose has no frames to animate");
    }
    long pixels = (long) frames() * width * height;
    if (pixels > MAX_GIF_PIXELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "a GIF of %d frames at %d x %d is %.1f billion "
          + "pixels, more than the %.1f billion a preview draws: make the picture narrower",
          frames(), width, height, pixels / 1e9, MAX_GIF_PIXELS / 1e9));
    }
    BufferedImage canvas = new BufferedImage(width, height,
        transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    int sampleCount = Math.min(frames(), AnimatedGifWriter.PALETTE_SAMPLES);
    AnimatedGifWriter.Palette palette = AnimatedGifWriter.Palette.of(sampleCount, sample -> {
      drawFrame((int) ((long) sample * frames() / sampleCount), canvas);
      return canvas;
    }, transparent);
    AtomicFiles.writeFile(file, temporary -> {
      try (AnimatedGifWriter gif = new AnimatedGifWriter(temporary, width, height, palette, fps)) {
        for (int frame = 0; frame < frames(); frame++) {
          drawFrame(frame, canvas);
          gif.write(canvas);
          progress.accept(frame + 1);
        }
      }
    });
  }
}
