package org.signwriting.animation.signwriting;

import java.util.List;

/** Entry point for SignWriting text in either form: FSW (ASCII) or SWU (Unicode), told apart by the text. */
public final class SignWriting {
  private SignWriting() {}

  /** The signs of an FSW or SWU text (signs separated by spaces). */
  public static List<Sign> parse(String fswOrSwu) {
    return isSwu(fswOrSwu) ? Swu.parse(fswOrSwu) : Fsw.parse(fswOrSwu);
  }

  /** True when the text's first non-space character is outside ASCII, i.e. the text is meant as SWU. */
  public static boolean isSwu(String text) {
    if (text == null) {
      throw new SignWritingException("", -1, "no text (null)");
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!Character.isWhitespace(c)) {
        return c >= 0x80;
      }
      i += Character.charCount(c);
    }
    return false;
  }

  /** The text in FSW, one space between signs. */
  public static String toFsw(String fswOrSwu) {
    return Fsw.format(parse(fswOrSwu));
  }

  /** The text in SWU, one space between signs. */
  public static String toSwu(String fswOrSwu) {
    return Swu.format(parse(fswOrSwu));
  }
}
