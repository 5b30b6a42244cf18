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
      int c = current();
      if (c == -1) {
        return Token.END;
      }
      if (c == 'A') {
        return Token.SORT;
      }
      if (c == 'S') {
        return Token.SYMBOL;
      }
      if (Sign.BOX_MARKERS.indexOf(c) >= 0) {
        return Token.BOX;
      }
      return Character.isWhitespace(c) ? Token.SPACE : Token.OTHER;
    }

    @Override
    char readBox() {
      return (char) codePoints[pos++];
    }

    @Override
    String readSymbolKey() {
      int start = pos;
      StringBuilder key = new StringBuilder(6);
      for (int i = 0; i < 6; i++) {
        if (atEnd() || codePoints[pos] >= 0x80) {
          throw error(pos, "symbol key cut short, expected S and 5 hexadecimal digits like S2e748, found " + found());
        }
        key.append((char) codePoints[pos++]);
      }
      String problem = SignSymbol.keyProblem(key.toString());
      if (problem != null) {
        throw error(start, problem);
      }
      return key.toString();
    }

    @Override
    int[] readCoordinate() {
      int x = readNumber();
      if (current() != 'x') {
        throw error(pos, "expected 'x' between the coordinates (like 500x500), found " + found());
      }
      pos++;
      int y = readNumber();
      return new int[] {x, y};
    }

    private int readNumber() {
      int start = pos;
      int value = 0;
      for (int i = 0; i < 3; i++) {
        int c = current();
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
