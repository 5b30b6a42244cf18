package org.signwriting.animation.signwriting;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws SignWriting with the Sutton SignWriting fonts at size 30, with the reference visualizer's geometry:
 * each symbol's Fill glyph then its Line glyph, the symbol's position as the glyphs' top-left; the image runs
 * from the symbols' smallest x and y to the sign box's corner (or to the symbols' measured extent). Several
 * signs are stacked top to bottom, {@value #STACK_GAP} pixels apart, each in its lane: {@code L} flush left,
 * {@code R} flush right, others centred. Thread-safe: glyphs are rasterized once per JVM and shared.
 */
public final class SignRenderer {
  /** Side of the model input image, as CLIP-style encoders take it. */
  public static final int MODEL_INPUT_SIZE = 224;
  /** Vertical gap between stacked signs, in pixels. */
  public static final int STACK_GAP = 20;

  private SignRenderer() {}

  /** An FSW or SWU text with the default options. */
  public static BufferedImage render(String fswOrSwu) {
    return render(fswOrSwu, RenderOptions.DEFAULT);
  }

  /** An FSW or SWU text; several signs are stacked. */
  public static BufferedImage render(String fswOrSwu, RenderOptions options) {
    return render(SignWriting.parse(fswOrSwu), options);
  }

  public static BufferedImage render(Sign sign, RenderOptions options) {
    return render(List.of(sign), options);
  }

  /**
   * Signs stacked top to bottom as {@code TYPE_INT_ARGB}, transparent where nothing is drawn. A sign without
   * symbols takes one transparent pixel.
   *
   * @throws SignWritingException when the box is trusted but does not reach past the symbols' top-left corner
   */
  public static BufferedImage render(List<Sign> signs, RenderOptions options) {
    if (signs.isEmpty()) {
      throw new IllegalArgumentException("no sign to render");
    }
    List<Layout> layouts = new ArrayList<>(signs.size());
    int width = 0;
    int height = -STACK_GAP;
    for (Sign sign : signs) {
      Layout layout = Layout.of(sign, options);
      layouts.add(layout);
      width = Math.max(width, layout.width);
      height += layout.height + STACK_GAP;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    // Transparent white, as the reference's background.
    Arrays.fill(pixels, 0x00FFFFFF);
    int y = 0;
    for (Layout layout : layouts) {
      int x = switch (layout.sign.box()) {
        case 'L' -> 0;
        case 'R' -> width - layout.width;
        default -> (width - layout.width) / 2;
      };
      layout.paint(pixels, width, x, y, options);
      y += layout.height + STACK_GAP;
    }
    return image;
  }

  /** The model input image of a text; see {@link #modelInput(String)}. */
  public static BufferedImage modelInputImage(String fswOrSwu) {
    return modelInput(fswOrSwu).image();
  }

  /**
   * The model input image as signwriting-evaluation's CLIP score makes it: the signs drawn with measured
   * extents (the box is not trusted), centred on a white {@value #MODEL_INPUT_SIZE}-pixel square. Signs larger
   * than the square are shrunk to fit (keeping their proportions), and the returned scale says so.
   */
  public static ModelInput modelInput(String fswOrSwu) {
    return modelInput(SignWriting.parse(fswOrSwu));
  }

  public static ModelInput modelInput(List<Sign> signs) {
    BufferedImage drawn = render(signs, RenderOptions.DEFAULT.withTrustBox(false));
    BufferedImage input = new BufferedImage(MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = input.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, MODEL_INPUT_SIZE, MODEL_INPUT_SIZE);
      double scale = Math.min(1.0,
          Math.min((double) MODEL_INPUT_SIZE / drawn.getWidth(), (double) MODEL_INPUT_SIZE / drawn.getHeight()));
      Image placed = drawn;
      int width = drawn.getWidth();
      int height = drawn.getHeight();
      if (scale < 1) {
        width = Math.max(1, Math.min(MODEL_INPUT_SIZE, (int) Math.round(drawn.getWidth() * scale)));
        height = Math.max(1, Math.min(MODEL_INPUT_SIZE, (int) Math.round(drawn.getHeight() * scale)));
        // Averaging over each target pixel's area keeps thin outlines visible at strong reductions.
        placed = onWhite(drawn).getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
      }
      g.drawImage(placed, (MODEL_INPUT_SIZE - width) / 2, (MODEL_INPUT_SIZE - height) / 2, null);
      return new ModelInput(input, scale);
    } finally {
      g.dispose();
    }
  }

  /** PNG bytes of an image. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
    return out.toByteArray();
  }

  private static BufferedImage onWhite(BufferedImage image) {
    BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = opaque.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return opaque;
  }

  /** Where one sign's image starts (in sign coordinates) and how large it is. */
  private static final class Layout {
    final Sign sign;
    final SymbolGlyphs[] glyphs;
    final int minX;
    final int minY;
    final int width;
    final int height;

    private Layout(Sign sign, SymbolGlyphs[] glyphs, int minX, int minY, int width, int height) {
      this.sign = sign;
      this.glyphs = glyphs;
      this.minX = minX;
      this.minY = minY;
      this.width = width;
      this.height = height;
    }

    static Layout of(Sign sign, RenderOptions options) {
      List<SignSymbol> symbols = sign.symbols();
      if (symbols.isEmpty()) {
        return new Layout(sign, new SymbolGlyphs[0], 0, 0, 1, 1);
      }
      SymbolGlyphs[] glyphs = new SymbolGlyphs[symbols.size()];
      int minX = Integer.MAX_VALUE;
      int minY = Integer.MAX_VALUE;
      int maxX = 0;
      int maxY = 0;
      for (int i = 0; i < glyphs.length; i++) {
        SignSymbol symbol = symbols.get(i);
        glyphs[i] = SymbolGlyphs.of(symbol.id(), options.antialiasing());
        minX = Math.min(minX, symbol.x());
        minY = Math.min(minY, symbol.y());
        maxX = Math.max(maxX, symbol.x() + glyphs[i].width);
        maxY = Math.max(maxY, symbol.y() + glyphs[i].height);
      }
      if (options.trustBox()) {
        maxX = sign.x();
        maxY = sign.y();
        if (maxX <= minX || maxY <= minY) {
          throw new SignWritingException(sign.toFsw(), -1, "the sign box corner " + sign.x() + "x" + sign.y()
              + " is not right of and below the symbols' top-left " + minX + "x" + minY
              + "; render without trusting the box (--no-trust-box) to measure the symbols instead");
        }
      }
      return new Layout(sign, glyphs, minX, minY, Math.max(1, maxX - minX),
          Math.max(1, maxY - minY));
    }

    /** Paints the sign with its top-left at {@code (left, top)}, clipped to its own rectangle. */
    void paint(int[] pixels, int stride, int left, int top, RenderOptions options) {
      int fill = options.fillColor().getRGB();
      int line = options.lineColor().getRGB();
      List<SignSymbol> symbols = sign.symbols();
      for (int i = 0; i < glyphs.length; i++) {
        SignSymbol symbol = symbols.get(i);
        int x = left + symbol.x() - minX;
        int y = top + symbol.y() - minY;
        glyphs[i].fill.paint(pixels, stride, left, top, left + width, top + height, x, y, fill);
        glyphs[i].line.paint(pixels, stride, left, top, left + width, top + height, x, y, line);
      }
    }
  }
}
