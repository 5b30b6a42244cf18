package org.signwriting.animation.embedding;

/**
 * What the trained encoder sees: a square crop around the sign's ink, resampled to
 * {@code inputSize}×{@code inputSize}. Cropping to the ink lets a small CNN see hand-shape detail that a
 * plain downscale of the mostly-white 224×224 image would blur away, and makes the position of the sign
 * in the image irrelevant by construction.
 */
public final class EncoderInput {
  private final int inputSize;
  private final int minCropSize;
  private final double cropMargin;

  public EncoderInput(EmbeddingConfig config) {
    this(config.inputSize, config.minCropSize, config.cropMargin);
  }

  private EncoderInput(int inputSize, int minCropSize, double cropMargin) {
    this.inputSize = inputSize;
    this.minCropSize = minCropSize;
    this.cropMargin = cropMargin;
  }

  /** The same crop resampled to another size (the pixel baseline of the quality report). */
  public EncoderInput resized(int size) {
    return new EncoderInput(size, minCropSize, cropMargin);
  }

  public int inputSize() {
    return inputSize;
  }

  /** Ink values in [0, 1], row-major, {@code inputSize²} of them. */
  public float[] pixels(InkImage ink) {
    int[] bounds = ink.inkBounds();
    double side;
    double centerX;
    double centerY;
    if (ink.isBlank() || bounds[2] <= bounds[0]) {
      side = minCropSize;
      centerX = ink.imageWidth() / 2.0;
      centerY = ink.imageHeight() / 2.0;
    } else {
      int larger = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]);
      side = Math.max(minCropSize, larger * (1 + 2 * cropMargin));
      centerX = (bounds[0] + bounds[2]) / 2.0;
      centerY = (bounds[1] + bounds[3]) / 2.0;
    }
    return ink.crop(centerX - side / 2, centerY - side / 2, side, inputSize);
  }
}
