package org.signwriting.animation.signwriting;

import java.awt.Color;
import java.util.Objects;

/**
 * How {@link SignRenderer} draws a sign, with the reference visualizer's defaults: the image spans from the
 * symbols' smallest position to the sign box's corner ({@code trustBox}), glyphs are antialiased, outlines
 * black, interiors white.
 *
 * @param trustBox take the image's bottom-right corner from the sign box; false measures the symbols' glyphs
 *     instead (for signs whose box is too small or absent)
 * @param antialiasing smooth glyph edges; false gives pure on/off pixels
 * @param lineColor colour of each symbol's outline (Line font)
 * @param fillColor colour of each symbol's interior (Fill font); a transparent colour leaves it unpainted
 */
public record RenderOptions(boolean trustBox, boolean antialiasing, Color lineColor, Color fillColor) {
  public static final RenderOptions DEFAULT = new RenderOptions(true, true, Color.BLACK, Color.WHITE);

  public RenderOptions {
    Objects.requireNonNull(lineColor, "lineColor");
    Objects.requireNonNull(fillColor, "fillColor");
  }

  public RenderOptions withTrustBox(boolean value) {
    return new RenderOptions(value, antialiasing, lineColor, fillColor);
  }

  public RenderOptions withAntialiasing(boolean value) {
    return new RenderOptions(trustBox, value, lineColor, fillColor);
  }

  public RenderOptions withLineColor(Color value) {
    return new RenderOptions(trustBox, antialiasing, value, fillColor);
  }

  public RenderOptions withFillColor(Color value) {
    return new RenderOptions(trustBox, antialiasing, lineColor, value);
  }
}
