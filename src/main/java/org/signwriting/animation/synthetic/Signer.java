package org.signwriting.animation.synthetic;

import java.util.SplittableRandom;

/**
 * One synthetic signer: where they stand in the picture and how large, their proportions, how fast and how
 * widely they sign, how much the tracking jitters and the body sways, and how far their hands start from the
 * written place. Each variation of a sign draws its own signer, so a model cannot memorise one trajectory per
 * sign.
 *
 * @param shoulderPixels the shoulder width in pixels
 * @param centerX the shoulders' midpoint, pixels from the left
 * @param shoulderY the shoulders' height, pixels from the top
 * @param armScale arm lengths relative to {@link Body}'s
 * @param handScale hand length relative to {@link Body#HAND_LENGTH}
 * @param faceScale face size relative to {@link Body}'s
 * @param hipScale hip width relative to the shoulders'
 * @param speed signing speed (1 = the script's frame counts)
 * @param amplitude size of the movements relative to the symbols'
 * @param noise standard deviation of the tracking jitter (body units)
 * @param sway amplitude of the body's sway (body units)
 * @param swayFrames period of the sway, frames
 * @param swayPhase phase of the sway, radians
 * @param rightOffset where the right hand starts relative to the written place
 * @param leftOffset the same for the left hand
 */
record Signer(double shoulderPixels, double centerX, double shoulderY, double armScale, double handScale,
    double faceScale, double hipScale, double speed, double amplitude, double noise, double sway,
    double swayFrames, double swayPhase, Vec3 rightOffset, Vec3 leftOffset) {

  /** The picture every synthetic pose is laid out in. */
  static final int WIDTH = 1280;
  static final int HEIGHT = 720;
  static final float FPS = 25;

  /** The average signer: no jitter, no sway, the script's speed and sizes. */
  static Signer standard() {
    return new Signer(260, WIDTH / 2.0, 300, 1, 1, 1, 0.76, 1, 1, 0, 0, 75, 0, Vec3.ZERO, Vec3.ZERO);
  }

  /** A signer drawn from {@code seed}. */
  static Signer draw(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new Signer(
        uniform(random, 225, 295),
        WIDTH / 2.0 + uniform(random, -60, 60),
        uniform(random, 275, 325),
        uniform(random, 0.92, 1.08),
        uniform(random, 0.9, 1.1),
        uniform(random, 0.9, 1.1),
        uniform(random, 0.68, 0.84),
        uniform(random, 0.8, 1.25),
        uniform(random, 0.85, 1.15),
        uniform(random, 0.001, 0.003),
        uniform(random, 0.005, 0.02),
        uniform(random, 50, 110),
        uniform(random, 0, 2 * Math.PI),
        new Vec3(uniform(random, -0.04, 0.04), uniform(random, -0.04, 0.04), 0),
        new Vec3(uniform(random, -0.04, 0.04), uniform(random, -0.04, 0.04), 0));
  }

  private static double uniform(SplittableRandom random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  /** Frames at this signer's speed for {@code frames} at normal speed (at least one). */
  int frames(int frames) {
    return Math.max(1, (int) Math.round(frames / speed));
  }

  double handLength() {
    return Body.HAND_LENGTH * handScale;
  }
}
