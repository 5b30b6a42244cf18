package org.signwriting.animation.data;

import java.io.IOException;

/** A transcription CSV that cannot be read: names the file, the line and the column. */
public final class TranscriptionCsvException extends IOException {
  private final transient BadRow badRow;

  public TranscriptionCsvException(BadRow badRow) {
    super(badRow.message());
    this.badRow = badRow;
  }

  public BadRow badRow() {
    return badRow;
  }
}
