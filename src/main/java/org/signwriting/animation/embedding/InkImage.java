package org.signwriting.animation.embedding;

import java.awt.image.BufferedImage;

/**
 * The ink of a rendered sign (0 = paper, 255 = full ink), kept only over the ink's bounding box plus a
 * one-pixel border, with its position in the original image. Small enough to cache thousands of signs,
 * and read as zero outside the box, so crops and line-width changes need no bounds checks by callers.
 */
public final class InkImage {
  private final int imageWidth;
  private final int imageHeight;
  private final int originX;
  private final int originY;
  private final int width;
  private final int height;
  private final byte[] ink;

  private InkImage(int imageWidth, int imageHeight, int originX, int originY, int width, int height,
      byte[] ink) {
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.originX = originX;
    this.originY = originY;
    this.width = width;
    this.height = height;
    this.ink = ink;
  }

  /** The ink of an image drawn dark on white (transparent pixels count as white paper). */
  public static InkImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int minX = w;
    int minY = h;
    int maxX = -1;
    int maxY = -1;
    byte[] full = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int level = inkLevel(argb[y * w + x]);
        if (level > 0) {
          full[y * w + x] = (byte) level;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (maxX < 0) {
      return new InkImage(w, h, 0, 0, 0, 0, new byte[0]);
    }
    int ox = minX - 1;
    int oy = minY - 1;
    int bw = maxX - minX + 3;
    int bh = maxY - minY + 3;
    byte[] box = new byte[bw * bh];
    for (int y = minY; y <= maxY; y++) {
      System.arraycopy(full, y * w + minX, box, (y - oy) * bw + 1, maxX - minX + 1);
    }
    return new InkImage(w, h, ox, oy, bw, bh, box);
  }

  /** Darkness of a pixel composited on white: 255 - luminance. */
  private static int inkLevel(int argb) {
    int alpha = argb >>> 24;
    int r = (argb >> 16) & 0xff;
    int g = (argb >> 8) & 0xff;
    int b = argb & 0xff;
    double luminance = 0.299 * r + 0.587 * g + 0.114 * b;
    double onWhite = luminance * alpha / 255.0 + 255.0 * (255 - alpha) / 255.0;
    return (int) Math.round(255.0 - onWhite);
  }

  /** The ink drawn back as a grey image on white paper, the size of the original image. */
  public BufferedImage toImage() {
    BufferedImage image = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < imageHeight; y++) {
      for (int x = 0; x < imageWidth; x++) {
        int paper = 255 - Math.round(at(x, y) * 255f);
        image.setRGB(x, y, (paper << 16) | (paper << 8) | paper);
      }
    }
    return image;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public boolean isBlank() {
    return width == 0;
  }

  /** Ink in [0, 1] at a pixel of the original image; zero outside the stored box. */
  public float at(int x, int y) {
    int bx = x - originX;
    int by = y - originY;
    if (bx < 0 || by < 0 || bx >= width || by >= height) {
      return 0f;
    }
    return (ink[by * width + bx] & 0xff) / 255f;
  }

  /** Bounding box of the ink in original-image pixels: {minX, minY, maxX + 1, maxY + 1}. */
  public int[] inkBounds() {
    int minX = width;
    int minY = height;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (ink[y * width + x] != 0) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (maxX < 0) {
      return new int[] {0, 0, 0, 0};
    }
    return new int[] {originX + minX, originY + minY, originX + maxX + 1, originY + maxY + 1};
  }

  /**
   * Lines about half a pixel bolder on each side ({@code thicker}) or thinner: each pixel moves halfway to
   * the maximum (or minimum) of its 3×3 neighbourhood, which keeps one-pixel lines from vanishing.
   */
  public InkImage withLineWidthChange(boolean thicker) {
    if (isBlank()) {
      return this;
    }
    byte[] changed = new byte[ink.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int own = ink[y * width + x] & 0xff;
        int extreme = own;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            int v = nx < 0 || ny < 0 || nx >= width || ny >= height ? 0 : ink[ny * width + nx] & 0xff;
            extreme = thicker ? Math.max(extreme, v) : Math.min(extreme, v);
          }
        }
        changed[y * width + x] = (byte) ((own + extreme + 1) / 2);
      }
    }
    return new InkImage(imageWidth, imageHeight, originX, originY, width, height, changed);
  }

  /**
   * Area-averaged resampling of the square window with top-left corner (x0, y0) and side {@code side}
   * (original-image pixels, fractional allowed) to {@code size}×{@code size} values in [0, 1], row-major.
   */
  public float[] crop(double x0, double y0, double side, int size) {
    return resample(x0, y0, side / size, size, size);
  }

  /**
   * The same sign scaled by {@code scale} about the image centre and then moved by (dx, dy) pixels, in an
   * image of the same size: a harmless change of the rendering.
   */
  public InkImage scaledAndShifted(double scale, double dx, double dy) {
    if (isBlank()) {
      return this;
    }
    double cx = imageWidth / 2.0;
    double cy = imageHeight / 2.0;
    // Output pixel u shows source position (u - cx - dx) / scale + cx.
    int outX = (int) Math.floor((originX - cx) * scale + cx + dx) - 1;
    int outY = (int) Math.floor((originY - cy) * scale + cy + dy) - 1;
    int outWidth = (int) Math.ceil(width * scale) + 3;
    int outHeight = (int) Math.ceil(height * scale) + 3;
    float[] values = resample((outX - cx - dx) / scale + cx, (outY - cy - dy) / scale + cy, 1 / scale,
        outWidth, outHeight);
    byte[] moved = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      moved[i] = (byte) Math.min(255, Math.round(values[i] * 255f));
    }
    return new InkImage(imageWidth, imageHeight, outX, outY, outWidth, outHeight, moved);
  }

  /**
   * Area-averaged resampling: output pixel (i, j) averages the source square of side {@code step} whose
   * top-left corner is (x0 + i·step, y0 + j·step). Separable: rows first, then columns.
   */
  private float[] resample(double x0, double y0, double step, int outWidth, int outHeight) {
    float[] out = new float[outWidth * outHeight];
    if (isBlank()) {
      return out;
    }
    int firstRow = Math.max(originY, (int) Math.floor(y0));
    int lastRow = Math.min(originY + height - 1, (int) Math.ceil(y0 + outHeight * step) - 1);
    if (lastRow < firstRow) {
      return out;
    }
    float[][] rows = new float[lastRow - firstRow + 1][];
    for (int row = firstRow; row <= lastRow; row++) {
      float[] resampled = new float[outWidth];
      int rowStart = (row - originY) * width - originX;
      for (int i = 0; i < outWidth; i++) {
        double a = x0 + i * step;
        double b = a + step;
        double sum = 0;
        int from = Math.max(originX, (int) Math.floor(a));
        int to = Math.min(originX + width - 1, (int) Math.ceil(b) - 1);
        for (int px = from; px <= to; px++) {
          double overlap = Math.min(b, px + 1) - Math.max(a, px);
          if (overlap > 0) {
            sum += overlap * (ink[rowStart + px] & 0xff);
          }
        }
        resampled[i] = (float) (sum / step / 255.0);
      }
      rows[row - firstRow] = resampled;
    }
    for (int j = 0; j < outHeight; j++) {
      double a = y0 + j * step;
      double b = a + step;
      int from = Math.max(firstRow, (int) Math.floor(a));
      int to = Math.min(lastRow, (int) Math.ceil(b) - 1);
      for (int row = from; row <= to; row++) {
        double overlap = Math.min(b, row + 1) - Math.max(a, row);
        if (overlap <= 0) {
          continue;
        }
        float[] resampled = rows[row - firstRow];
        float weight = (float) (overlap / step);
        for (int i = 0; i < outWidth; i++) {
          out[j * outWidth + i] += weight * resampled[i];
        }
      }
    }
    return out;
  }
}
