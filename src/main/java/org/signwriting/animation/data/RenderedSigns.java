package org.signwriting.animation.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet table of {@code render-signwriting}: one row per distinct sign of the transcriptions, with its
 * model-input image (224x224 RGB PNG, the sign centred on white). The README documents every column.
 */
public final class RenderedSigns {
  public static final String SIGN_ID = "sign_id";
  public static final String FSW = "fsw";
  public static final String SWU = "swu";
  public static final String PNG = "png";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String SCALE = "scale";

  public static final StructType SCHEMA = new StructType()
      .add(SIGN_ID, DataTypes.StringType, false)
      .add(FSW, DataTypes.StringType, false)
      .add(SWU, DataTypes.StringType, false)
      .add(PNG, DataTypes.BinaryType, false)
      .add(WIDTH, DataTypes.IntegerType, false)
      .add(HEIGHT, DataTypes.IntegerType, false)
      .add(SCALE, DataTypes.DoubleType, false);

  private RenderedSigns() {}
}
