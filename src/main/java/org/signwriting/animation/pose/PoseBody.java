package org.signwriting.animation.pose;

import java.util.Arrays;

/**
 * The values of a pose sequence in flat row-major arrays, the layout the {@code .pose} format stores:
 * {@code data[((frame * people + person) * points + point) * dims + d]} and
 * {@code confidence[(frame * people + person) * points + point]}. A point whose confidence is 0 is masked
 * (not detected); its values carry no meaning.
 *
 * <p>The arrays are shared, not copied, so that large bodies move without copies; use {@link #copy()} before
 * changing a body someone else holds.
 */
public final class PoseBody {
  private final float fps;
  private final int frames;
  private final int people;
  private final int points;
  private final int dims;
  private final float[] data;
  private final float[] confidence;

  public PoseBody(float fps, int frames, int people, int points, int dims, float[] data, float[] confidence) {
    if (frames < 0 || people < 0 || points < 0 || dims < 0) {
      throw new IllegalArgumentException("negative shape: " + frames + " frames, " + people + " people, "
          + points + " points, " + dims + " dims");
    }
    long values = (long) frames * people * points;
    if (data.length != values * dims || confidence.length != values) {
      throw new IllegalArgumentException("arrays of " + data.length + " values and " + confidence.length
          + " confidences do not fit " + frames + " frames x " + people + " people x " + points + " points x "
          + dims + " dims");
    }
    this.fps = fps;
    this.frames = frames;
    this.people = people;
    this.points = points;
    this.dims = dims;
    this.data = data;
    this.confidence = confidence;
  }

  public float fps() {
    return fps;
  }

  public int frames() {
    return frames;
  }

  public int people() {
    return people;
  }

  public int points() {
    return points;
  }

  public int dims() {
    return dims;
  }

  /** The values, shared (see the class comment). */
  public float[] data() {
    return data;
  }

  /** The confidences, shared (see the class comment). */
  public float[] confidence() {
    return confidence;
  }

  /** Index of a point's confidence; its first value is at {@code confidenceIndex(...) * dims()}. */
  public int confidenceIndex(int frame, int person, int point) {
    return (frame * people + person) * points + point;
  }

  public int dataIndex(int frame, int person, int point) {
    return confidenceIndex(frame, person, point) * dims;
  }

  public boolean isMasked(int frame, int person, int point) {
    return confidence[confidenceIndex(frame, person, point)] == 0;
  }

  public PoseBody copy() {
    return new PoseBody(fps, frames, people, points, dims, data.clone(), confidence.clone());
  }

  /** Frames {@code start} (inclusive) to {@code end} (exclusive), copied. */
  public PoseBody sliceFrames(int start, int end) {
    if (start < 0 || end < start || end > frames) {
      throw new IllegalArgumentException("frames [" + start + ", " + end + ") are outside 0.." + frames);
    }
    int pointsPerFrame = people * points;
    return new PoseBody(fps, end - start, people, points, dims,
        Arrays.copyOfRange(data, start * pointsPerFrame * dims, end * pointsPerFrame * dims),
        Arrays.copyOfRange(confidence, start * pointsPerFrame, end * pointsPerFrame));
  }

  /** A body with only the given points, in the given order (an index may repeat). */
  public PoseBody selectPoints(int[] pointIndexes) {
    int rows = frames * people;
    float[] newData = new float[rows * pointIndexes.length * dims];
    float[] newConfidence = new float[rows * pointIndexes.length];
    for (int row = 0; row < rows; row++) {
      for (int i = 0; i < pointIndexes.length; i++) {
        int from = row * points + pointIndexes[i];
        int to = row * pointIndexes.length + i;
        System.arraycopy(data, from * dims, newData, to * dims, dims);
        newConfidence[to] = confidence[from];
      }
    }
    return new PoseBody(fps, frames, people, pointIndexes.length, dims, newData, newConfidence);
  }
}
