package org.signwriting.animation.signwriting;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelGrabber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    int[] pixels = pixelsOf(image);
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
    double scale = Math.min(1.0,
        Math.min((double) MODEL_INPUT_SIZE / drawn.getWidth(), (double) MODEL_INPUT_SIZE / drawn.getHeight()));
    if (scale < 1) {
      drawn = shrink(drawn, scale);
    }
    BufferedImage input = new BufferedImage(MODEL_INPUT_SIZE, MODEL_INPUT_SIZE, BufferedImage.TYPE_INT_RGB);
    int[] pixels = pixelsOf(input);
    Arrays.fill(pixels, 0xFFFFFFFF);
    pasteOverWhite(drawn, pixels, MODEL_INPUT_SIZE,
        (MODEL_INPUT_SIZE - drawn.getWidth()) / 2, (MODEL_INPUT_SIZE - drawn.getHeight()) / 2);
    return new ModelInput(input, scale);
  }

  /**
   * A symbol's size in sign coordinates, as the layout measures it (the glyph at font size 30: one pixel per
   * coordinate unit); its top-left corner is the symbol's position.
   */
  public static java.awt.Dimension symbolSize(SignSymbol symbol) {
    SymbolGlyphs glyphs = SymbolGlyphs.of(symbol.id(), true);
    return new java.awt.Dimension(glyphs.width, glyphs.height);
  }

  /** PNG bytes of an image (RGB or RGBA as the image is). */
  public static byte[] png(BufferedImage image) {
    return Png.encode(image, null);
  }

  /** PNG bytes of an image, tagged with the FSW it shows ({@code tEXt} key {@code FSW}, as the reference). */
  public static byte[] png(BufferedImage image, String fsw) {
    return Png.encode(image, fsw);
  }

  /**
   * Lays an ARGB image over opaque white pixels at {@code (left, top)}: each channel blends towards white by
   * the pixel's transparency, as pasting with the image's own alpha as mask does; the result is opaque.
   */
  private static void pasteOverWhite(BufferedImage argb, int[] into, int stride, int left, int top) {
    int width = argb.getWidth();
    int[] source = pixelsOf(argb);
    for (int y = 0; y < argb.getHeight(); y++) {
      for (int x = 0, from = y * width, to = (top + y) * stride + left; x < width; x++, from++, to++) {
        int pixel = source[from];
        int alpha = pixel >>> 24;
        if (alpha == 0) {
          continue;
        }
        int white = 255 * (255 - alpha) + 127;
        int red = (((pixel >>> 16) & 0xFF) * alpha + white) / 255;
        int green = (((pixel >>> 8) & 0xFF) * alpha + white) / 255;
        int blue = ((pixel & 0xFF) * alpha + white) / 255;
        into[to] = 0xFF000000 | (red << 16) | (green << 8) | blue;
      }
    }
  }

  /**
   * A drawing too large for the model input, laid over white and shrunk by {@code scale} (at most the model
   * input's side), as an opaque ARGB image.
   */
  private static BufferedImage shrink(BufferedImage drawn, double scale) {
    BufferedImage opaque = new BufferedImage(drawn.getWidth(), drawn.getHeight(), BufferedImage.TYPE_INT_ARGB);
    int[] white = pixelsOf(opaque);
    Arrays.fill(white, 0xFFFFFFFF);
    pasteOverWhite(drawn, white, drawn.getWidth(), 0, 0);
    int width = Math.max(1, Math.min(MODEL_INPUT_SIZE, (int) Math.round(drawn.getWidth() * scale)));
    int height = Math.max(1, Math.min(MODEL_INPUT_SIZE, (int) Math.round(drawn.getHeight() * scale)));
    // Averaging over each target pixel's area keeps thin outlines visible at strong reductions.
    Image averaged = opaque.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
    BufferedImage shrunk = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    // The scaled image is produced lazily; the grabber waits until every pixel is there.
    PixelGrabber grabber = new PixelGrabber(averaged, 0, 0, width, height, pixelsOf(shrunk), 0, width);
    try {
      if (!grabber.grabPixels()) {
        throw new IllegalStateException("shrinking the sign image failed (status " + grabber.getStatus() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while shrinking the sign image", e);
    }
    return shrunk;
  }

  /** The pixel array behind an integer-pixel image the renderer made. */
  private static int[] pixelsOf(BufferedImage image) {
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
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
              + "; render measuring the symbols instead of trusting the box");
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
