package org.signwriting.animation.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Parquet table of {@code prepare-poses}: one row per transcription row (or per pose file without one),
 * partitioned by {@code split}. Pose values are after the training pre-processing (reduced holistic, wrists
 * corrected, shoulder-normalized, hands shifted). The README documents every column.
 *
 * <p>{@code data} and {@code confidence} are float arrays stored as little-endian float32 bytes ({@link #floats},
 * {@link #bytes}): Parquet writes an {@code array<float>} one element at a time (a record group and min/max
 * statistics per value), which made the job's writing about three times slower than decoding and pre-processing
 * together; raw bytes are written at copy speed, and numpy ({@code frombuffer(b, '<f4')}) and DJL read them as
 * they are.
 */
public final class PreparedPoses {
  public static final String ID = "id";
  public static final String POSE = "pose";
  public static final String SPLIT = "split";
  public static final String LANGUAGE = "language";
  public static final String START_MS = "start_ms";
  public static final String END_MS = "end_ms";
  public static final String FPS = "fps";
  public static final String FRAMES = "frames";
  public static final String PEOPLE = "people";
  public static final String POINTS = "points";
  public static final String DIMS = "dims";
  public static final String POINT_COMPONENTS = "point_components";
  public static final String POINT_NAMES = "point_names";
  public static final String DATA = "data";
  public static final String CONFIDENCE = "confidence";
  public static final String SWU = "swu";
  public static final String FSW = "fsw";
  public static final String SIGN_ID = "sign_id";

  /**
   * A v0.2 {@code .pose} file without frames beside the table: the header (components, points, limbs, colours)
   * of the written poses after pre-processing, and their fps. Training keeps it so that generated poses are
   * written in the same layout. The leading underscore keeps Spark from reading it as part of the table.
   */
  public static final String HEADER_FILE = "_pose_header.pose";

  /** Split of poses that have no transcription row (written with {@code --include-untranscribed}). */
  public static final String UNTRANSCRIBED_SPLIT = "untranscribed";

  /** Column metadata keys of {@link #DATA} and {@link #CONFIDENCE}: their layout, for readers of the Parquet. */
  public static final String LAYOUT_DTYPE = "dtype";
  public static final String LAYOUT_SHAPE = "shape";
  public static final String LAYOUT_POSE_HEADER = "pose_header";
  public static final String LAYOUT_POSE_HEADER_FILE = "pose_header_file";
  public static final String LAYOUT_VALUES = "values";

  private PreparedPoses() {}

  /** A float array as little-endian float32 bytes, the storage of {@code data} and {@code confidence}. */
  public static byte[] bytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /** The floats of little-endian float32 bytes. */
  public static float[] floats(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of float32 values");
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
