package org.signwriting.animation.signwriting;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SignWriting in Unicode (Sutton SignWriting in the supplementary planes, the form of the transcription CSV):
 * the same structure as {@link Fsw}, one character per marker, symbol and coordinate value.
 */
public final class Swu {
  /** {@code A}, the sorting marker; the box markers B, L, M, R follow it. */
  static final int SORT_MARKER = 0x1D800;
  /** The value 250; coordinates 250..749 are consecutive characters. */
  static final int FIRST_NUMBER = 0x1D80C;
  static final int LAST_NUMBER = FIRST_NUMBER + SignSymbol.MAX_COORDINATE - SignSymbol.MIN_COORDINATE;
  /** Symbol id 0; the character of a symbol is this plus its id. */
  static final int SYMBOL_ZERO = 0x40000;

  private Swu() {}

  /** All signs of an SWU text. */
  public static List<Sign> parse(String swu) {
    return new Parser(swu).parseText();
  }

  /** Exactly one sign. */
  public static Sign parseSign(String swu) {
    return new Parser(swu).parseOneSign();
  }

  public static String format(Sign sign) {
    StringBuilder out = new StringBuilder(4 * (2 + 3 * sign.symbols().size() + sign.sortingPrefix().size()));
    if (!sign.sortingPrefix().isEmpty()) {
      out.appendCodePoint(SORT_MARKER);
      sign.sortingPrefix().forEach(key -> out.appendCodePoint(symbolCharacter(key)));
    }
    out.appendCodePoint(SORT_MARKER + 1 + Sign.BOX_MARKERS.indexOf(sign.box()));
    appendCoordinate(out, sign.x(), sign.y());
    for (SignSymbol symbol : sign.symbols()) {
      out.appendCodePoint(symbolCharacter(symbol.key()));
      appendCoordinate(out, symbol.x(), symbol.y());
    }
    return out.toString();
  }

  /** Signs separated by one space. */
  public static String format(List<Sign> signs) {
    return signs.stream().map(Swu::format).collect(Collectors.joining(" "));
  }

  /** The SWU character of a symbol key. */
  public static int symbolCharacter(String key) {
    return SYMBOL_ZERO + SignSymbol.idOf(key);
  }

  private static void appendCoordinate(StringBuilder out, int x, int y) {
    out.appendCodePoint(FIRST_NUMBER + x - SignSymbol.MIN_COORDINATE);
    out.appendCodePoint(FIRST_NUMBER + y - SignSymbol.MIN_COORDINATE);
  }

  private static final class Parser extends SignTextParser {
    Parser(String text) {
      super(text);
    }

    @Override
    Token peek() {
      int c = current();
      if (c == -1) {
        return Token.END;
      }
      if (c > SYMBOL_ZERO && c <= SYMBOL_ZERO + SignSymbol.MAX_ID) {
        return Token.SYMBOL;
      }
      if (c > SORT_MARKER && c <= SORT_MARKER + Sign.BOX_MARKERS.length()) {
        return Token.BOX;
      }
      if (c == SORT_MARKER) {
        return Token.SORT;
      }
      return Character.isWhitespace(c) ? Token.SPACE : Token.OTHER;
    }

    @Override
    char readBox() {
      char box = Sign.BOX_MARKERS.charAt(current() - SORT_MARKER - 1);
      pos += 2;
      return box;
    }

    @Override
    String readSymbolKey() {
      String key = SignSymbol.keyOf(current() - SYMBOL_ZERO);
      pos += 2;
      return key;
    }

    @Override
    void readCoordinate() {
      x = readNumber();
      y = readNumber();
    }

    private int readNumber() {
      int c = current();
      if (c < FIRST_NUMBER || c > LAST_NUMBER) {
        throw error(pos, "expected a coordinate character (U+1D80C..U+1D9FF), found " + found());
      }
      pos += 2;
      return c - FIRST_NUMBER + SignSymbol.MIN_COORDINATE;
    }
  }
}
