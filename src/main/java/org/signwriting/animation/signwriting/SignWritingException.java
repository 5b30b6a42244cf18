package org.signwriting.animation.signwriting;

/**
 * SignWriting text that does not parse, or a sign that cannot be drawn: says what is wrong and where. The offset
 * counts Unicode code points from the start of the text, so one SWU character is one position, like one FSW
 * character.
 */
public final class SignWritingException extends IllegalArgumentException {
  private final String text;
  private final int offset;
  private final String reason;

  public SignWritingException(String text, int offset, String reason) {
    super(describe(text, offset, reason));
    this.text = text;
    this.offset = offset;
    this.reason = reason;
  }

  /** The text that failed. */
  public String text() {
    return text;
  }

  /** Code-point offset of the problem in {@link #text()}, or -1 when it concerns the whole sign. */
  public int offset() {
    return offset;
  }

  /** What is wrong, without the text and offset. */
  public String reason() {
    return reason;
  }

  private static String describe(String text, int offset, String reason) {
    String where = offset < 0 ? "" : " at offset " + offset;
    return "bad SignWriting \"" + abbreviate(text) + "\"" + where + ": " + reason;
  }

  private static String abbreviate(String text) {
    int limit = 120;
    if (text.codePointCount(0, text.length()) <= limit) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, limit)) + "...";
  }
}
