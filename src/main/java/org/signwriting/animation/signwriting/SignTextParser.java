package org.signwriting.animation.signwriting;

import java.util.ArrayList;
import java.util.List;

/**
 * The grammar shared by FSW and SWU, which differ only in how each token is spelled:
 * {@code text = sign (spaces? sign)*}, {@code sign = (A key+)? box coordinate (key coordinate)*}.
 * Works on code points so that offsets count one SWU character as one position.
 */
abstract class SignTextParser {
  enum Token { SORT, BOX, SYMBOL, SPACE, END, OTHER }

  final String text;
  final int[] codePoints;
  int pos;

  SignTextParser(String text) {
    this.text = text;
    this.codePoints = text.codePoints().toArray();
  }

  /** What the token at {@link #pos} is, without consuming it. */
  abstract Token peek();

  /** Consumes a box marker (the token is {@link Token#BOX}). */
  abstract char readBox();

  /** Consumes a symbol key (the token is {@link Token#SYMBOL}). */
  abstract String readSymbolKey();

  /** Consumes an {@code x, y} coordinate pair. */
  abstract int[] readCoordinate();

  List<Sign> parseText() {
    List<Sign> signs = new ArrayList<>();
    skipSpaces();
    if (peek() == Token.END) {
      throw error(pos, "the text has no sign");
    }
    while (true) {
      signs.add(parseSign());
      skipSpaces();
      Token next = peek();
      if (next == Token.END) {
        return signs;
      }
      if (next != Token.SORT && next != Token.BOX) {
        throw error(pos, "expected a symbol, a space or the next sign, found " + found());
      }
    }
  }

  Sign parseOneSign() {
    List<Sign> signs = parseText();
    if (signs.size() != 1) {
      throw error(-1, "expected one sign, found " + signs.size());
    }
    return signs.get(0);
  }

  private Sign parseSign() {
    List<String> prefix = new ArrayList<>();
    if (peek() == Token.SORT) {
      pos++;
      if (peek() != Token.SYMBOL) {
        throw error(pos, "expected a symbol key after the sorting marker, found " + found());
      }
      while (peek() == Token.SYMBOL) {
        prefix.add(readSymbolKey());
      }
    }
    if (peek() != Token.BOX) {
      throw error(pos, "expected a box marker (B, L, M or R), found " + found());
    }
    char box = readBox();
    int[] boxCorner = readCoordinate();
    List<SignSymbol> symbols = new ArrayList<>();
    while (peek() == Token.SYMBOL) {
      String key = readSymbolKey();
      int[] position = readCoordinate();
      symbols.add(new SignSymbol(key, position[0], position[1]));
    }
    return new Sign(box, boxCorner[0], boxCorner[1], symbols, prefix);
  }

  private void skipSpaces() {
    while (peek() == Token.SPACE) {
      pos++;
    }
  }

  boolean atEnd() {
    return pos >= codePoints.length;
  }

  /** The code point at {@link #pos}, or -1 at the end. */
  int current() {
    return atEnd() ? -1 : codePoints[pos];
  }

  /** Names what is at {@code at} for an error message. */
  String found(int at) {
    if (at >= codePoints.length) {
      return "the end of the text";
    }
    int cp = codePoints[at];
    String shown = "'" + new String(Character.toChars(cp)) + "'";
    return cp < 0x80 ? shown : shown + " (U+" + Integer.toHexString(cp).toUpperCase() + ")";
  }

  String found() {
    return found(pos);
  }

  /** A coordinate value checked against the range both forms can write. */
  int checkedCoordinate(int value, int at) {
    if (value < SignSymbol.MIN_COORDINATE || value > SignSymbol.MAX_COORDINATE) {
      throw error(at, "coordinate " + value + " is outside " + SignSymbol.MIN_COORDINATE + ".."
          + SignSymbol.MAX_COORDINATE);
    }
    return value;
  }

  SignWritingException error(int at, String reason) {
    return new SignWritingException(text, at, reason);
  }
}
