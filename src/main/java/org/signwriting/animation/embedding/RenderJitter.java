package org.signwriting.animation.embedding;

import java.util.Random;

/**
 * Harmless changes of a rendering: the sign moved by a few pixels, slightly larger or smaller, its lines
 * a little bolder or thinner. What the sign says is unchanged, so its embedding should barely move.
 *
 * @param maxShift largest move, as a fraction of the image side, in each direction
 * @param maxScaleChange largest relative change of size (0.1: between 0.9× and 1.1×)
 * @param thickerLineProbability probability of bolder lines
 * @param thinnerLineProbability probability of thinner lines
 */
public record RenderJitter(double maxShift, double maxScaleChange, double thickerLineProbability,
    double thinnerLineProbability) {

  /** The jitter of the training objective, from the config. */
  public static RenderJitter of(EmbeddingConfig.Jitter jitter) {
    return new RenderJitter(jitter.maxShift, jitter.maxScaleChange, jitter.thickerLineProbability,
        jitter.thinnerLineProbability);
  }

  /** A randomly jittered copy; the same random state gives the same copy. */
  public InkImage apply(InkImage ink, Random random) {
    double lineChoice = random.nextDouble();
    double scale = 1 + (2 * random.nextDouble() - 1) * maxScaleChange;
    double dx = (2 * random.nextDouble() - 1) * maxShift * ink.imageWidth();
    double dy = (2 * random.nextDouble() - 1) * maxShift * ink.imageHeight();
    InkImage changed = ink;
    if (lineChoice < thickerLineProbability) {
      changed = changed.withLineWidthChange(true);
    } else if (lineChoice < thickerLineProbability + thinnerLineProbability) {
      changed = changed.withLineWidthChange(false);
    }
    return changed.scaledAndShifted(scale, dx, dy);
  }
}
