package org.signwriting.animation.data;

import java.io.Serializable;
import org.signwriting.animation.io.InputPaths;

/**
 * A transcription CSV row that could not be read.
 *
 * @param source the CSV file
 * @param line the line number (the header is line 1)
 * @param column the offending column, or null when the row as a whole is wrong
 * @param reason what is wrong
 * @param problem the kind of problem, for the jobs' rejection kinds
 */
public record BadRow(String source, long line, String column, String reason, Problem problem)
    implements Serializable {

  /** What is wrong with a row. */
  public enum Problem {
    /** Not a well-formed row: CSV syntax, bytes that are not UTF-8, field count, an empty or unreadable value. */
    MALFORMED,
    /** The {@code pose} column names a file outside the pose folder ({@link InputPaths}). */
    POSE_OUTSIDE_FOLDER
  }

  /** A malformed row. */
  public BadRow(String source, long line, String column, String reason) {
    this(source, line, column, reason, Problem.MALFORMED);
  }

  /** {@code FILE: line N, column C: reason}. */
  public String message() {
    return source + ": line " + line + (column == null ? "" : ", column '" + column + "'") + ": " + reason;
  }
}
