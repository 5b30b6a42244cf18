package org.signwriting.animation.signwriting;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two glyphs of one symbol, rasterized once and cached per JVM, and the symbol's measured size (what the
 * reference visualizer uses when it does not trust the sign box: the Line glyph's extent from the drawing
 * origin, at least its advance wide).
 */
final class SymbolGlyphs {
  private static final ConcurrentHashMap<Integer, SymbolGlyphs> SMOOTH = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Integer, SymbolGlyphs> SHARP = new ConcurrentHashMap<>();
  private static final FontRenderContext SMOOTH_CONTEXT = new FontRenderContext(null, true, false);
  private static final FontRenderContext SHARP_CONTEXT = new FontRenderContext(null, false, false);

  final GlyphMask line;
  final GlyphMask fill;
  final int width;
  final int height;

  private SymbolGlyphs(GlyphMask line, GlyphMask fill, int width, int height) {
    this.line = line;
    this.fill = fill;
    this.width = width;
    this.height = height;
  }

  /** The glyphs of a symbol id, antialiased or not; thread-safe. */
  static SymbolGlyphs of(int symbolId, boolean antialiasing) {
    ConcurrentHashMap<Integer, SymbolGlyphs> cache = antialiasing ? SMOOTH : SHARP;
    SymbolGlyphs glyphs = cache.get(symbolId);
    if (glyphs == null) {
      // Two threads may rasterize the same symbol at once; both results are equal and one is kept.
      glyphs = rasterize(symbolId, antialiasing);
      SymbolGlyphs earlier = cache.putIfAbsent(symbolId, glyphs);
      if (earlier != null) {
        glyphs = earlier;
      }
    }
    return glyphs;
  }

  private static SymbolGlyphs rasterize(int symbolId, boolean antialiasing) {
    SignFonts fonts = SignFonts.get();
    FontRenderContext context = antialiasing ? SMOOTH_CONTEXT : SHARP_CONTEXT;
    GlyphVector line = glyph(fonts.line, SignFonts.lineCharacter(symbolId), context);
    GlyphVector fill = glyph(fonts.fill, SignFonts.fillCharacter(symbolId), context);

    // The size is measured on the antialiased outline whatever the mode, as the reference does.
    GlyphVector measured = antialiasing ? line : glyph(fonts.line, SignFonts.lineCharacter(symbolId), SMOOTH_CONTEXT);
    Rectangle ink = measured.getGlyphPixelBounds(0, SMOOTH_CONTEXT, 0, fonts.ascent);
    int advance = Math.round(measured.getGlyphMetrics(0).getAdvance());
    int width;
    int height;
    if (ink.isEmpty()) {
      width = advance;
      height = 0;
    } else {
      width = Math.max(advance, ink.x + ink.width) - Math.min(0, ink.x);
      height = Math.max(0, ink.y + ink.height) - Math.min(0, ink.y);
    }
    return new SymbolGlyphs(mask(line, context, fonts.ascent), mask(fill, context, fonts.ascent), width, height);
  }

  private static GlyphVector glyph(Font font, int codePoint, FontRenderContext context) {
    return font.createGlyphVector(context, new String(Character.toChars(codePoint)));
  }

  /** Rasterizes a glyph with its top at the symbol's position (the fonts' ascender line). */
  private static GlyphMask mask(GlyphVector glyph, FontRenderContext context, int ascent) {
    Rectangle bounds = glyph.getGlyphPixelBounds(0, context, 0, ascent);
    if (bounds.isEmpty()) {
      return GlyphMask.EMPTY;
    }
    // A pixel of margin on each side: pixel bounds are an estimate of where the rasterizer puts ink.
    bounds.grow(1, 1);
    BufferedImage canvas = new BufferedImage(bounds.width, bounds.height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, context.isAntiAliased()
          ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
      g.setColor(Color.WHITE);
      g.drawGlyphVector(glyph, -bounds.x, ascent - bounds.y);
    } finally {
      g.dispose();
    }
    int[] argb = canvas.getRGB(0, 0, bounds.width, bounds.height, null, 0, bounds.width);
    byte[] coverage = new byte[argb.length];
    for (int i = 0; i < argb.length; i++) {
      coverage[i] = (byte) (argb[i] >>> 24);
    }
    int left = bounds.x;
    int top = bounds.y;
    if (!context.isAntiAliased()) {
      Point shift = referenceShift(glyph, context);
      left += shift.x;
      top += shift.y;
    }
    return new GlyphMask(left, top, bounds.width, bounds.height, coverage);
  }

  /**
   * How far the reference moves a monochrome glyph from where the rasterizer puts it. The reference's
   * imaging library places a text bitmap at the corner of a box that holds the pen origin and the glyph's
   * hinted outline rounded outwards, and pastes the bitmap there as if its own corner were that box's.
   * Antialiased bitmaps are bounded by that outward-rounded box, so nothing moves; monochrome bitmaps are
   * bounded by the outline rounded to the nearest pixel, so a glyph that reaches left of the pen or above the
   * baseline moves by the difference between the two boxes. Java2D does not expose the monochrome-hinted
   * outline, so the outward-rounded box is the antialiased bitmap's; the two hintings differ slightly, which
   * leaves about 4 % of the glyphs one pixel off the reference.
   */
  private static Point referenceShift(GlyphVector glyph, FontRenderContext monochrome) {
    Rectangle rounded = glyph.getGlyphPixelBounds(0, monochrome, 0, 0);
    // A glyph vector's pixel bounds follow its own rendering context, so the antialiased box needs its own.
    Rectangle outward = glyph.getFont().createGlyphVector(SMOOTH_CONTEXT, glyph.getGlyphCodes(0, 1, null))
        .getGlyphPixelBounds(0, SMOOTH_CONTEXT, 0, 0);
    return new Point(Math.min(0, outward.x) - Math.min(0, rounded.x),
        Math.min(0, outward.y) - Math.min(0, rounded.y));
  }
}
