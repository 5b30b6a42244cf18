package org.signwriting.animation.pose;

/**
 * A pose whose values cannot be used (see {@link PoseValues}): non-finite or absurd coordinates of detected points,
 * or confidences that are not numbers. The message names the frame, the point and the value.
 */
public final class PoseValueException extends IllegalArgumentException {
  public PoseValueException(String message) {
    super(message);
  }
}
