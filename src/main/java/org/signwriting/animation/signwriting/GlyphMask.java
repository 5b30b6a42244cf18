package org.signwriting.animation.signwriting;

/**
 * A rasterized glyph: coverage (0..255) per pixel, placed at {@code (left, top)} relative to the symbol's
 * position. Immutable once built, so every rendering thread can share it.
 */
final class GlyphMask {
  static final GlyphMask EMPTY = new GlyphMask(0, 0, 0, 0, new byte[0]);

  final int left;
  final int top;
  final int width;
  final int height;
  final byte[] coverage;

  GlyphMask(int left, int top, int width, int height, byte[] coverage) {
    this.left = left;
    this.top = top;
    this.width = width;
    this.height = height;
    this.coverage = coverage;
  }

  /**
   * Draws {@code argb} through this mask onto non-premultiplied ARGB pixels, the mask's origin at
   * {@code (x, y)}; only pixels inside the clip rectangle {@code [clipLeft, clipRight) x [clipTop,
   * clipBottom)} change, so a glyph never spills out of its own sign.
   *
   * <p>Blends as the reference's imaging library does when it draws text on an RGBA image, so colours match
   * it pixel for pixel: the coverage moves the alpha towards the colour's alpha and the colour channels
   * towards the colour; on a fully transparent pixel the colour is taken as it is.
   */
  void paint(int[] pixels, int stride, int clipLeft, int clipTop, int clipRight, int clipBottom, int x, int y,
      int argb) {
    int colorAlpha = argb >>> 24;
    int red = (argb >>> 16) & 0xFF;
    int green = (argb >>> 8) & 0xFF;
    int blue = argb & 0xFF;
    int startRow = Math.max(0, clipTop - (y + top));
    int endRow = Math.min(height, clipBottom - (y + top));
    int startColumn = Math.max(0, clipLeft - (x + left));
    int endColumn = Math.min(width, clipRight - (x + left));
    for (int row = startRow; row < endRow; row++) {
      int maskIndex = row * width + startColumn;
      int pixelIndex = (y + top + row) * stride + x + left + startColumn;
      for (int column = startColumn; column < endColumn; column++, maskIndex++, pixelIndex++) {
        int coverageValue = coverage[maskIndex] & 0xFF;
        if (coverageValue == 0) {
          continue;
        }
        int destination = pixels[pixelIndex];
        int destinationAlpha = destination >>> 24;
        int colorWeight = destinationAlpha == 0 ? 255 : coverageValue;
        pixels[pixelIndex] = (blend(destinationAlpha, colorAlpha, coverageValue) << 24)
            | (blend((destination >>> 16) & 0xFF, red, colorWeight) << 16)
            | (blend((destination >>> 8) & 0xFF, green, colorWeight) << 8)
            | blend(destination & 0xFF, blue, colorWeight);
      }
    }
  }

  /** {@code from} moved towards {@code to} by {@code weight / 255}, rounded. */
  private static int blend(int from, int to, int weight) {
    int sum = from * (255 - weight) + to * weight + 128;
    return ((sum >> 8) + sum) >> 8;
  }
}
