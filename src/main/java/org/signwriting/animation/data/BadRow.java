package org.signwriting.animation.data;

import java.io.Serializable;

/**
 * A transcription CSV row that could not be read.
 *
 * @param source the CSV file
 * @param line the line number (the header is line 1)
 * @param column the offending column, or null when the row as a whole is wrong
 * @param reason what is wrong
 */
public record BadRow(String source, long line, String column, String reason) implements Serializable {

  /** {@code FILE: line N, column C: reason}. */
  public String message() {
    return source + ": line " + line + (column == null ? "" : ", column '" + column + "'") + ": " + reason;
  }
}
