package org.signwriting.animation.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.signwriting.animation.data.BadRow;

/**
 * An input a job could not use, for its {@code _rejected} table.
 *
 * @param input what was rejected: a pose file, a CSV line ({@code FILE:LINE}), a sign
 * @param kind the reason's category, what the summary counts by
 * @param reason the full reason, e.g. the byte offset where a pose file is truncated
 */
public record Rejection(String input, Kind kind, String reason) implements Serializable {

  /** The categories of rejection. */
  public enum Kind {
    MALFORMED_CSV_ROW("malformed CSV row"),
    DUPLICATE_CSV_ROW("duplicate CSV row"),
    POSE_OUTSIDE_FOLDER("pose outside the pose folder"),
    UNREADABLE_POSE_FOLDER("unreadable pose folder"),
    MISSING_POSE_FILE("missing pose file"),
    EMPTY_POSE_FILE("empty pose file"),
    CORRUPT_POSE_FILE("corrupt pose file"),
    UNREADABLE_POSE_FILE("unreadable pose file"),
    POSE_TOO_LARGE("pose too large"),
    UNSUPPORTED_POSE_LAYOUT("unsupported pose layout"),
    INVALID_POSE_VALUES("invalid pose values"),
    TIMES_OUTSIDE_POSE("times outside the pose file"),
    UNPARSABLE_SIGNWRITING("unparsable SignWriting"),
    UNRENDERABLE_SIGNWRITING("unrenderable SignWriting"),
    UNANIMATABLE_SIGNWRITING("unanimatable SignWriting");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The rejection of a bad transcription CSV row, {@code CSV:LINE}. */
  public static Rejection of(String csvName, BadRow bad) {
    Kind kind = switch (bad.problem()) {
      case MALFORMED -> Kind.MALFORMED_CSV_ROW;
      case POSE_OUTSIDE_FOLDER -> Kind.POSE_OUTSIDE_FOLDER;
    };
    return new Rejection(csvName + ":" + bad.line(), kind, bad.message());
  }

  /** Table name of the rejections inside a job's output. */
  public static final String TABLE = "_rejected";

  /** input (string), kind (string, {@link Kind#label()}), reason (string). */
  public static final StructType SCHEMA = new StructType()
      .add("input", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false);

  public static List<org.apache.spark.sql.Row> rows(List<Rejection> rejections) {
    return rejections.stream()
        .map(r -> org.apache.spark.sql.RowFactory.create(r.input(), r.kind().label(), r.reason()))
        .toList();
  }
}
