package org.signwriting.animation.embedding;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns 224×224 model-input images of signs into unit-length embeddings. One instance may serve many
 * threads at once (a Spark executor's tasks share one).
 */
public interface SignEmbedder extends AutoCloseable {
  /** Length of the embeddings. */
  int embeddingSize();

  /** One L2-normalized embedding per image, in order; the images are embedded as one batch. */
  float[][] embed(List<BufferedImage> images);

  /** What was loaded, for logs and reports. */
  String describe();

  @Override
  void close();
}
