package org.signwriting.animation.spark;

/** The little JSON the jobs write (summaries, statistics): string quoting and numbers. */
final class Json {
  private Json() {}

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A finite number as JSON; NaN and infinities (no data) become null. */
  static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }
}
