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
   * Draws {@code argb} through this mask onto non-premultiplied ARGB pixels (source over), the mask's origin
   * at {@code (x, y)}; only pixels inside the clip rectangle {@code [clipLeft, clipRight) x [clipTop,
   * clipBottom)} change, so a glyph never spills out of its own sign.
   */
  void paint(int[] pixels, int stride, int clipLeft, int clipTop, int clipRight, int clipBottom, int x, int y,
      int argb) {
    int colorAlpha = argb >>> 24;
    if (colorAlpha == 0) {
      return;
    }
    int rgb = argb & 0xFFFFFF;
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
        int sourceAlpha = colorAlpha == 255 ? coverageValue : (coverageValue * colorAlpha + 127) / 255;
        int destination = pixels[pixelIndex];
        int destinationAlpha = destination >>> 24;
        if (sourceAlpha == 255 || destinationAlpha == 0) {
          pixels[pixelIndex] = (sourceAlpha << 24) | rgb;
          continue;
        }
        // Source over, non-premultiplied: weights of the source and of what stays visible below it.
        int keptAlpha = destinationAlpha * (255 - sourceAlpha) / 255;
        int outAlpha = sourceAlpha + keptAlpha;
        int outRed = (red * sourceAlpha + ((destination >>> 16) & 0xFF) * keptAlpha) / outAlpha;
        int outGreen = (green * sourceAlpha + ((destination >>> 8) & 0xFF) * keptAlpha) / outAlpha;
        int outBlue = (blue * sourceAlpha + (destination & 0xFF) * keptAlpha) / outAlpha;
        pixels[pixelIndex] = (outAlpha << 24) | (outRed << 16) | (outGreen << 8) | outBlue;
      }
    }
  }
}
