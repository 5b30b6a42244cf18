package org.signwriting.animation.pose;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * A looping animated GIF written frame by frame through the JDK's GIF encoder. Every frame is mapped onto one
 * palette chosen up front, so the encoder never quantizes and only the current frame is held. Not thread-safe: one
 * writer per file.
 */
final class AnimatedGifWriter implements Closeable {
  /** How many frames, spread over the sequence, choose the palette. */
  static final int PALETTE_SAMPLES = 8;
  private static final String GIF_METADATA = "javax_imageio_gif_image_1.0";

  private final ImageOutputStream output;
  private final ImageWriter writer;
  private final Palette palette;
  private final BufferedImage indexed;
  /** The canvas as the viewer shows it after the last frame, to find what the next one changes. */
  private final byte[] shown;
  private final int delayCentiseconds;
  private boolean wroteFrame;

  AnimatedGifWriter(Path file, int width, int height, Palette palette, double fps) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IOException(file + ": this Java runtime has no GIF writer");
    }
    this.palette = palette;
    writer = writers.next();
    indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette.colorModel);
    shown = new byte[width * height];
    delayCentiseconds = (int) Math.max(1, Math.round(100 / fps));
    Files.deleteIfExists(file);
    output = ImageIO.createImageOutputStream(file.toFile());
    writer.setOutput(output);
    writer.prepareWriteSequence(null);
  }

  /**
   * Appends a frame of the writer's size (INT_RGB, or INT_ARGB where alpha below one half is transparent). On an
   * opaque background only the rectangle that changed since the last frame is encoded (the rest stays on screen):
   * a skeleton covers a small part of the canvas, and encoding is the slow part.
   */
  void write(BufferedImage frame) throws IOException {
    byte[] indexes = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
    palette.map(frame, indexes);
    int width = indexed.getWidth();
    int height = indexed.getHeight();
    BufferedImage image = indexed;
    int left = 0;
    int top = 0;
    if (wroteFrame && !palette.transparent) {
      int[] changed = changedRectangle(indexes, width, height);
      left = changed[0];
      top = changed[1];
      image = new BufferedImage(changed[2], changed[3], BufferedImage.TYPE_BYTE_INDEXED, palette.colorModel);
      byte[] part = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int y = 0; y < changed[3]; y++) {
        System.arraycopy(indexes, (top + y) * width + left, part, y * changed[2], changed[2]);
      }
    }
    writer.writeToSequence(new IIOImage(image, null, frameMetadata(image, left, top, !wroteFrame)), null);
    System.arraycopy(indexes, 0, shown, 0, indexes.length);
    wroteFrame = true;
  }

  /** left, top, width and height of the pixels that differ from {@link #shown}; one pixel when none does. */
  private int[] changedRectangle(byte[] indexes, int width, int height) {
    int minX = width;
    int minY = height;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        if (indexes[row + x] != shown[row + x]) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = y;
        }
      }
    }
    return maxX < 0 ? new int[] {0, 0, 1, 1} : new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
  }

  @Override
  public void close() throws IOException {
    try {
      writer.endWriteSequence();
    } finally {
      writer.dispose();
      output.close();
    }
  }

  /**
   * Position, delay, disposal and transparency of a frame; the first frame also carries the endless-loop extension.
   */
  private IIOMetadata frameMetadata(BufferedImage image, int left, int top, boolean loopExtension)
      throws IOException {
    IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), null);
    IIOMetadataNode root = new IIOMetadataNode(GIF_METADATA);
    IIOMetadataNode descriptor = new IIOMetadataNode("ImageDescriptor");
    descriptor.setAttribute("imageLeftPosition", Integer.toString(left));
    descriptor.setAttribute("imageTopPosition", Integer.toString(top));
    descriptor.setAttribute("imageWidth", Integer.toString(image.getWidth()));
    descriptor.setAttribute("imageHeight", Integer.toString(image.getHeight()));
    descriptor.setAttribute("interlaceFlag", "FALSE");
    root.appendChild(descriptor);
    IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
    // Each frame covers the whole canvas; with transparency the previous frame must not show through.
    control.setAttribute("disposalMethod", palette.transparent ? "restoreToBackgroundColor" : "doNotDispose");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", palette.transparent ? "TRUE" : "FALSE");
    control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
    control.setAttribute("transparentColorIndex", "0");
    root.appendChild(control);
    if (loopExtension) {
      IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
      IIOMetadataNode netscape = new IIOMetadataNode("ApplicationExtension");
      netscape.setAttribute("applicationID", "NETSCAPE");
      netscape.setAttribute("authenticationCode", "2.0");
      netscape.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, for ever
      extensions.appendChild(netscape);
      root.appendChild(extensions);
    }
    metadata.mergeTree(GIF_METADATA, root);
    return metadata;
  }

  /**
   * At most 256 colours: the most frequent colours of sample frames (6 bits per channel, each bucket represented by
   * the mean of the colours that fell in it), index 0 being transparent when asked. Solid line colours and the
   * background dominate any skeleton drawing, so they come out exact; rare anti-aliasing shades take the nearest.
   */
  static final class Palette {
    private static final int BUCKETS = 1 << 18;
    final IndexColorModel colorModel;
    final boolean transparent;
    private final int[] colors;
    /** Nearest palette index per bucket, filled on first use; -1 when not yet known. */
    private final int[] nearestByBucket = new int[BUCKETS];

    private Palette(int[] colors, boolean transparent) {
      this.colors = colors;
      this.transparent = transparent;
      int[] padded = Arrays.copyOf(colors, 256);
      colorModel = new IndexColorModel(8, 256, padded, 0, false, transparent ? 0 : -1,
          java.awt.image.DataBuffer.TYPE_BYTE);
      Arrays.fill(nearestByBucket, -1);
    }

    /**
     * The palette of {@code sampleCount} frames, which {@code drawSample} draws one at a time (it may reuse one
     * image, so that only one frame is held).
     */
    static Palette of(int sampleCount, IntFunction<BufferedImage> drawSample, boolean transparent) {
      long[] counts = new long[BUCKETS];
      long[][] sums = new long[3][BUCKETS];
      for (int sample = 0; sample < sampleCount; sample++) {
        for (int argb : packedPixels(drawSample.apply(sample))) {
          if (!transparent || (argb >>> 24) >= 128) {
            int bucket = bucket(argb);
            counts[bucket]++;
            sums[0][bucket] += (argb >> 16) & 0xff;
            sums[1][bucket] += (argb >> 8) & 0xff;
            sums[2][bucket] += argb & 0xff;
          }
        }
      }
      int reserved = transparent ? 1 : 0;
      int[] used = IntStream.range(0, BUCKETS).filter(b -> counts[b] > 0).boxed()
          .sorted((a, b) -> Long.compare(counts[b], counts[a]))
          .limit(256 - reserved).mapToInt(Integer::intValue).toArray();
      int[] colors = new int[Math.max(1, used.length + reserved)];
      for (int i = 0; i < used.length; i++) {
        int b = used[i];
        colors[i + reserved] = 0xff000000 | mean(sums[0][b], counts[b]) << 16 | mean(sums[1][b], counts[b]) << 8
            | mean(sums[2][b], counts[b]);
      }
      if (used.length == 0 && !transparent) {
        colors[0] = 0xffffffff;
      }
      return new Palette(colors, transparent);
    }

    /** The pixels as stored: frames are drawn into images of packed ints, read here without conversion. */
    private static int[] packedPixels(BufferedImage image) {
      int type = image.getType();
      if (type != BufferedImage.TYPE_INT_RGB && type != BufferedImage.TYPE_INT_ARGB) {
        throw new IllegalArgumentException("frames must be TYPE_INT_RGB or TYPE_INT_ARGB images, not type " + type);
      }
      return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    private static int mean(long sum, long count) {
      return (int) Math.round((double) sum / count);
    }

    private static int bucket(int argb) {
      return ((argb >> 18) & 0x3f) << 12 | ((argb >> 10) & 0x3f) << 6 | ((argb >> 2) & 0x3f);
    }

    /** Writes the palette index of each pixel of {@code frame} (packed ints: RGB or ARGB) into {@code indexes}. */
    void map(BufferedImage frame, byte[] indexes) {
      int[] pixels = packedPixels(frame);
      int previous = 0;
      int previousIndex = -1;
      for (int i = 0; i < pixels.length; i++) {
        int argb = pixels[i];
        if (argb != previous || previousIndex < 0) {
          previous = argb;
          previousIndex = transparent && (argb >>> 24) < 128 ? 0 : nearest(bucket(argb));
        }
        indexes[i] = (byte) previousIndex;
      }
    }

    private int nearest(int bucket) {
      int known = nearestByBucket[bucket];
      if (known >= 0) {
        return known;
      }
      int red = (bucket >> 12) << 2 | 2;
      int green = ((bucket >> 6) & 0x3f) << 2 | 2;
      int blue = (bucket & 0x3f) << 2 | 2;
      int best = 0;
      int bestDistance = Integer.MAX_VALUE;
      for (int i = transparent ? 1 : 0; i < colors.length; i++) {
        int dr = ((colors[i] >> 16) & 0xff) - red;
        int dg = ((colors[i] >> 8) & 0xff) - green;
        int db = (colors[i] & 0xff) - blue;
        int distance = dr * dr + dg * dg + db * db;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = i;
        }
      }
      nearestByBucket[bucket] = best;
      return best;
    }
  }
}
