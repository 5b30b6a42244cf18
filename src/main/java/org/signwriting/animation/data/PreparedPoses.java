package org.signwriting.animation.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet table of {@code prepare-poses}: one row per transcription row (or per pose file without one),
 * partitioned by {@code split}. Pose values are after the training pre-processing (reduced holistic, wrists
 * corrected, shoulder-normalized, hands shifted). The README documents every column.
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

  /** Split of poses that have no transcription row (written with {@code --include-untranscribed}). */
  public static final String UNTRANSCRIBED_SPLIT = "untranscribed";

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
      .add(DATA, DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add(CONFIDENCE, DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add(SWU, DataTypes.StringType, true)
      .add(FSW, DataTypes.StringType, true)
      .add(SIGN_ID, DataTypes.StringType, true)
      .add(SPLIT, DataTypes.StringType, false);

  private PreparedPoses() {}
}
