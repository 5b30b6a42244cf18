package org.signwriting.animation.embedding;

/**
 * SignWriting text as read from a list, with where it came from ({@code dgs.json[12]},
 * {@code signs.txt:3}) so a sign that does not parse can be named in the error, and the transcription split
 * of its CSV row ({@code train}, {@code dev}, {@code test}; null for sign lists, which have none).
 */
public record SignText(String text, String origin, String split) {
  /** Text from a sign list: no split. */
  public SignText(String text, String origin) {
    this(text, origin, null);
  }
}
