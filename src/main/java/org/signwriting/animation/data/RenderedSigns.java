package org.signwriting.animation.data;

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

  private RenderedSigns() {}
}
