package org.signwriting.animation.spark;

import java.io.Serializable;
import java.util.List;
import org.signwriting.animation.signwriting.Fsw;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.signwriting.Swu;

/** A transcription's SignWriting in both forms, SWU and FSW (one space between signs). */
record SignWritingColumns(String swu, String fsw) implements Serializable {

  /** Parses FSW or SWU; an {@link IllegalArgumentException} says what is wrong and where. */
  static SignWritingColumns of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no SignWriting text");
    }
    List<Sign> signs = SignWriting.parse(text);
    if (signs.isEmpty()) {
      throw new IllegalArgumentException("no sign in SignWriting text '" + text + "'");
    }
    return new SignWritingColumns(Swu.format(signs), Fsw.format(signs));
  }
}
