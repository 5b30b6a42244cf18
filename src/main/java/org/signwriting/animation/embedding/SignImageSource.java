package org.signwriting.animation.embedding;

import java.awt.image.BufferedImage;
import java.util.List;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignRenderer;

/** Where the encoder's images come from: the 224×224 white model-input image of one sign. */
@FunctionalInterface
public interface SignImageSource {
  BufferedImage modelInputImage(Sign sign);

  /** The project's renderer (thread-safe), as signwriting-evaluation makes CLIP's input image. */
  static SignImageSource rendered() {
    return sign -> SignRenderer.modelInput(List.of(sign)).image();
  }
}
