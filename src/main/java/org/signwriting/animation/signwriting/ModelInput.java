package org.signwriting.animation.signwriting;

import java.awt.image.BufferedImage;

/**
 * The image an encoder sees: {@link SignRenderer#MODEL_INPUT_SIZE} pixels square, opaque RGB on white, the
 * sign centred.
 *
 * @param image the {@code TYPE_INT_RGB} image
 * @param scale 1 when the sign fits as drawn; below 1 when it was larger and was shrunk by this factor
 */
public record ModelInput(BufferedImage image, double scale) {
  /** True when the sign did not fit and was shrunk. */
  public boolean scaled() {
    return scale < 1;
  }
}
