package org.signwriting.animation.signwriting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grammar shared by FSW and SWU, which differ only in how each token is spelled:
 * {@code text = sign (spaces? sign)*}, {@code sign = (A key+)? box coordinate (key coordinate)*}.
 *
 * <p>Reads the string in place ({@link #pos} is a {@code char} index; an SWU character is a surrogate pair),
 * allocating nothing but the signs, their symbols and their lists; symbol keys are the shared instances of
 * {@link SignSymbol#keyOf}. Error offsets are converted to code points, so one SWU character counts as one
 * position, like one FSW character.
 */
abstract class SignTextParser {
  enum Token { SORT, BOX, SYMBOL, SPACE, END, OTHER }

  final String text;
  final int length;
  int pos;
  /** The coordinate pair read last by {@link #readCoordinate}. */
  int x;
  int y;

  SignTextParser(String text) {
    if (text == null) {
      throw new SignWritingException("", -1, "no text (null)");
    }
    this.text = text;
    this.length = text.length();
  }

  /** What the token at {@link #pos} is, without consuming it. */
  abstract Token peek();

  /** Consumes a box marker (the token is {@link Token#BOX}). */
  abstract char readBox();

  /** Consumes a symbol key (the token is {@link Token#SYMBOL}). */
  abstract String readSymbolKey();

  /** Consumes an {@code x, y} coordinate pair into {@link #x} and {@link #y}. */
  abstract void readCoordinate();

  List<Sign> parseText() {
    skipSpaces();
    if (peek() == Token.END) {
      throw error(pos, "the text has no sign");
    }
    Sign first = parseSign();
    skipSpaces();
    if (peek() == Token.END) {
      return List.of(first);
    }
    List<Sign> signs = new ArrayList<>(4);
    signs.add(first);
    while (true) {
      Token next = peek();
      if (next == Token.END) {
        return signs;
      }
      if (next != Token.SORT && next != Token.BOX) {
        throw error(pos, "expected a symbol, a space or the next sign, found " + found());
      }
      signs.add(parseSign());
      skipSpaces();
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
    List<String> prefix = List.of();
    if (peek() == Token.SORT) {
      pos += Character.charCount(current());
      if (peek() != Token.SYMBOL) {
        throw error(pos, "expected a symbol key after the sorting marker, found " + found());
      }
      List<String> keys = new ArrayList<>(8);
      while (peek() == Token.SYMBOL) {
        keys.add(readSymbolKey());
      }
      prefix = List.copyOf(keys);
    }
    if (peek() != Token.BOX) {
      throw error(pos, "expected a box marker (B, L, M or R), found " + found());
    }
    char box = readBox();
    readCoordinate();
    int boxX = x;
    int boxY = y;
    SignSymbol[] symbols = new SignSymbol[8];
    int count = 0;
    while (peek() == Token.SYMBOL) {
      String key = readSymbolKey();
      readCoordinate();
      if (count == symbols.length) {
        symbols = Arrays.copyOf(symbols, 2 * count);
      }
      symbols[count++] = new SignSymbol(key, x, y);
    }
    return new Sign(box, boxX, boxY, List.of(Arrays.copyOf(symbols, count)), prefix);
  }

  private void skipSpaces() {
    while (peek() == Token.SPACE) {
      pos += Character.charCount(current());
    }
  }

  boolean atEnd() {
    return pos >= length;
  }

  /** The code point at {@link #pos}, or -1 at the end. */
  int current() {
    return atEnd() ? -1 : text.codePointAt(pos);
  }

  /** Names what is at the char index {@code at} for an error message. */
  String found(int at) {
    if (at >= length) {
      return "the end of the text";
    }
    int cp = text.codePointAt(at);
    String shown = "'" + new String(Character.toChars(cp)) + "'";
    return cp < 0x80 ? shown : shown + " (U+" + Integer.toHexString(cp).toUpperCase() + ")";
  }

  String found() {
    return found(pos);
  }

  /** A coordinate value checked against the range both forms can write; {@code at} is a char index. */
  int checkedCoordinate(int value, int at) {
    if (value < SignSymbol.MIN_COORDINATE || value > SignSymbol.MAX_COORDINATE) {
      throw error(at, "coordinate " + value + " is outside " + SignSymbol.MIN_COORDINATE + ".."
          + SignSymbol.MAX_COORDINATE);
    }
    return value;
  }

  /** The error at the char index {@code at} (-1: the whole text), reported as a code-point offset. */
  SignWritingException error(int at, String reason) {
    int offset = at < 0 ? -1 : text.codePointCount(0, Math.min(at, length));
    return new SignWritingException(text, offset, reason);
  }
}
