package org.signwriting.animation.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;

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

  /**
   * The metadata of a column: for {@link #DATA} and {@link #CONFIDENCE}, how their bytes read (numpy's dtype
   * {@code <f4}: little-endian float32), the columns that give their shape in order, what the values are, and the
   * pose header of the rows (the {@value #HEADER_FILE} file's bytes in base64, when known: a v0.2 {@code .pose}
   * without frames); nothing for the other columns. Spark keeps column metadata in every Parquet file's key-value
   * metadata ({@code org.apache.spark.sql.parquet.row.metadata}) and gives it back as the field's metadata.
   */
  public static Metadata layout(String column, byte[] headerFile) {
    boolean data = column.equals(DATA);
    if (!data && !column.equals(CONFIDENCE)) {
      return Metadata.empty();
    }
    MetadataBuilder layout = new MetadataBuilder()
        .putString(LAYOUT_DTYPE, "<f4")
        .putStringArray(LAYOUT_SHAPE, data ? new String[] {FRAMES, PEOPLE, POINTS, DIMS}
            : new String[] {FRAMES, PEOPLE, POINTS})
        .putString(LAYOUT_VALUES, data
            ? "x, y, z after the training pre-processing: shoulder-normalized, hand points relative to their wrist"
            : "0..1, 0 = not detected (masked)");
    if (headerFile != null) {
      layout.putString(LAYOUT_POSE_HEADER, Base64.getEncoder().encodeToString(headerFile))
          .putString(LAYOUT_POSE_HEADER_FILE, HEADER_FILE);
    }
    return layout.build();
  }

  public static final StructType SCHEMA = new StructType()
      .add(ID, DataTypes.StringType, false)
      .add(POSE, DataTypes.StringType, false)
      .add(LANGUAGE, DataTypes.StringType, true)
      .add(START_MS, DataTypes.LongType, true)
      .add(END_MS, DataTypes.LongType, true)
      .add(FPS, DataTypes.FloatType, false)
      .add(FRAMES, DataTypes.IntegerType, false)
      .add(PEOPLE, DataTypes.IntegerType, false)
      .add(POINTS, DataTypes.IntegerType, false)
      .add(DIMS, DataTypes.IntegerType, false)
      .add(POINT_COMPONENTS, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(POINT_NAMES, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(DATA, DataTypes.BinaryType, false)
      .add(CONFIDENCE, DataTypes.BinaryType, false)
      .add(SWU, DataTypes.StringType, true)
      .add(FSW, DataTypes.StringType, true)
      .add(SIGN_ID, DataTypes.StringType, true)
      .add(SPLIT, DataTypes.StringType, false);

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
