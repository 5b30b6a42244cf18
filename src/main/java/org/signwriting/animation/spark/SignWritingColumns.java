package org.signwriting.animation.spark;

import java.io.Serializable;

/** TEMPORARY until the signwriting branch lands: the SWU and FSW forms of a transcription's text. */
record SignWritingColumns(String swu, String fsw) implements Serializable {
  static SignWritingColumns of(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty SignWriting");
    }
    return new SignWritingColumns(text, null);
  }
}
