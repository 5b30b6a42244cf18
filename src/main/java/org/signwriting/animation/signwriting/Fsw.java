package org.signwriting.animation.signwriting;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Formal SignWriting in ASCII, e.g. {@code AS10011S2e748M525x535S2e748483x510S10011501x466}: an optional
 * sorting prefix ({@code A} and symbol keys), a box marker with the box's bottom-right corner, then each symbol
 * key with its top-left position. Signs in a text are separated by spaces.
 */
public final class Fsw {
  private Fsw() {}

  /** All signs of an FSW text. */
  public static List<Sign> parse(String fsw) {
    return new Parser(fsw).parseText();
  }

  /** Exactly one sign. */
  public static Sign parseSign(String fsw) {
    return new Parser(fsw).parseOneSign();
  }

  public static String format(Sign sign) {
    StringBuilder out = new StringBuilder(8 + 9 * (sign.symbols().size() + 1) + 6 * sign.sortingPrefix().size());
    if (!sign.sortingPrefix().isEmpty()) {
      out.append('A');
      sign.sortingPrefix().forEach(out::append);
    }
    out.append(sign.box()).append(sign.x()).append('x').append(sign.y());
    for (SignSymbol symbol : sign.symbols()) {
      out.append(symbol.key()).append(symbol.x()).append('x').append(symbol.y());
    }
    return out.toString();
  }

  /** Signs separated by one space. */
  public static String format(List<Sign> signs) {
    return signs.stream().map(Fsw::format).collect(Collectors.joining(" "));
  }

  private static final class Parser extends SignTextParser {
    Parser(String text) {
      super(text);
    }

    @Override
    Token peek() {
      if (pos >= length) {
        return Token.END;
      }
      char c = text.charAt(pos);
      if (c == 'S') {
        return Token.SYMBOL;
      }
      if (c == 'M' || c == 'B' || c == 'L' || c == 'R') {
        return Token.BOX;
      }
      if (c == 'A') {
        return Token.SORT;
      }
      return Character.isWhitespace(c < 0x80 ? c : text.codePointAt(pos)) ? Token.SPACE : Token.OTHER;
    }

    @Override
    char readBox() {
      return text.charAt(pos++);
    }

    /** The key's id from its five hexadecimal digits, or the key's exact problem in words. */
    @Override
    String readSymbolKey() {
      int start = pos;
      if (length - start < 6) {
        cutShort(start);
      }
      int base = hex(start + 1) << 8 | hex(start + 2) << 4 | hex(start + 3);
      int fill = hex(start + 4);
      int rotation = hex(start + 5);
      if (base < SignSymbol.MIN_BASE || base > SignSymbol.MAX_BASE || fill >= SignSymbol.FILLS || rotation < 0
          || (base | fill) < 0) {
        cutShort(start);
        throw error(start, SignSymbol.keyProblem(text.substring(start, start + 6)));
      }
      pos = start + 6;
      return SignSymbol.keyOf((base - SignSymbol.MIN_BASE) * 96 + fill * SignSymbol.ROTATIONS + rotation + 1);
    }

    /** Fails when the six characters of a key run past the text or out of ASCII. */
    private void cutShort(int start) {
      for (pos = start; pos < start + 6; pos++) {
        if (atEnd() || text.charAt(pos) >= 0x80) {
          throw error(pos, "symbol key cut short, expected S and 5 hexadecimal digits like S2e748, found "
              + found());
        }
      }
      pos = start;
    }

    /** A lowercase hexadecimal digit's value, or -1 (which fails the range checks). */
    private int hex(int at) {
      char c = text.charAt(at);
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1 << 12;
    }

    @Override
    void readCoordinate() {
      x = readNumber();
      if (pos >= length || text.charAt(pos) != 'x') {
        throw error(pos, "expected 'x' between the coordinates (like 500x500), found " + found());
      }
      pos++;
      y = readNumber();
    }

    private int readNumber() {
      int start = pos;
      int value = 0;
      for (int i = 0; i < 3; i++) {
        int c = pos < length ? text.charAt(pos) : -1;
        if (c < '0' || c > '9') {
          throw error(pos, "expected a 3-digit coordinate (like 500x500), found " + found());
        }
        value = value * 10 + (c - '0');
        pos++;
      }
      return checkedCoordinate(value, start);
    }
  }
}
