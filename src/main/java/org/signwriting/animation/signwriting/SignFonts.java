package org.signwriting.animation.signwriting;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Sutton SignWriting Line and Fill fonts at the reference size, loaded once per JVM from the classpath
 * (the build copies them there from the npm package {@code @sutton-signwriting/font-ttf}). A symbol with id
 * {@code n} is the Line glyph {@code U+F0000 + n} (its outline) drawn over the Fill glyph {@code U+100000 + n}
 * (its interior).
 */
final class SignFonts {
  /** The reference visualizer's font size, in pixels per em. */
  static final float SIZE = 30f;
  private static final int LINE_ZERO = 0xF0000;
  private static final int FILL_ZERO = 0x100000;

  final Font line;
  final Font fill;
  /** Distance from a symbol's top (the font's ascender line) to its baseline, in pixels. */
  final int ascent;

  private SignFonts() {
    line = load("SuttonSignWritingLine.ttf");
    fill = load("SuttonSignWritingFill.ttf");
    FontRenderContext plain = new FontRenderContext(null, false, false);
    ascent = Math.round(line.getLineMetrics("A", plain).getAscent());
  }

  /** The fonts, loaded on first use (holder idiom: thread-safe, once per JVM). */
  static SignFonts get() {
    return Holder.INSTANCE;
  }

  static int lineCharacter(int symbolId) {
    return LINE_ZERO + symbolId;
  }

  static int fillCharacter(int symbolId) {
    return FILL_ZERO + symbolId;
  }

  private static Font load(String name) {
    String resource = "fonts/" + name;
    try (InputStream in = SignFonts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SignWriting font " + name + " is not on the classpath (expected "
            + SignFonts.class.getPackageName().replace('.', '/') + "/" + resource
            + "); build with 'mvn package', which fetches it with npm into fonts/");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(SIZE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SignWriting font " + name, e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("SignWriting font " + name + " is not a TrueType font: " + e.getMessage(), e);
    }
  }

  private static final class Holder {
    static final SignFonts INSTANCE = new SignFonts();
  }
}
