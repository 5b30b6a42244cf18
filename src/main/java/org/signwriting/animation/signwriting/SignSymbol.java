package org.signwriting.animation.signwriting;

import java.io.Serializable;

/**
 * One symbol of a sign: its ISWA key (e.g. {@code S2e748}) and the position of its top-left corner in sign
 * coordinates (250..749, the box centre is 500x500).
 *
 * <p>The key names three ids: the base symbol ({@code 0x100..0x38b}, e.g. a hand shape), the fill
 * ({@code 0..5}, e.g. which side of the hand faces the viewer) and the rotation ({@code 0..15}, eight
 * anticlockwise steps of 45 degrees, then the same mirrored).
 */
public record SignSymbol(String key, int x, int y) implements Serializable {
  /** Smallest and largest coordinate that both FSW and SWU can write. */
  public static final int MIN_COORDINATE = 250;
  public static final int MAX_COORDINATE = 749;
  public static final int MIN_BASE = 0x100;
  public static final int MAX_BASE = 0x38b;
  public static final int FILLS = 6;
  public static final int ROTATIONS = 16;
  /** The largest symbol id, {@link #id()} of {@code S38b5f}. */
  public static final int MAX_ID = (MAX_BASE - MIN_BASE + 1) * 96;
  /** The code point of base {@code S100} in Unicode's Sutton SignWriting block. */
  private static final int UNICODE_FIRST_BASE = 0x1D800;

  public SignSymbol {
    String problem = keyProblem(key);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    checkCoordinate(x);
    checkCoordinate(y);
  }

  /** The symbol of the given id ({@code 1..MAX_ID}) at a position. */
  public static SignSymbol ofId(int id, int x, int y) {
    return new SignSymbol(keyOf(id), x, y);
  }

  /** Base symbol, {@code 0x100..0x38b}. */
  public int base() {
    return Integer.parseInt(key, 1, 4, 16);
  }

  /** Fill, {@code 0..5}. */
  public int fill() {
    return Character.digit(key.charAt(4), 16);
  }

  /** Rotation, {@code 0..15}. */
  public int rotation() {
    return Character.digit(key.charAt(5), 16);
  }

  /**
   * The Unicode name of the symbol's base (the Sutton SignWriting block puts base {@code S100} at U+1D800 and the
   * others in the same order), e.g. {@code SIGNWRITING HAND-FIST INDEX}: what the symbol depicts, in words.
   */
  public String unicodeName() {
    return unicodeName(base());
  }

  /** The Unicode name of a base symbol {@code 0x100..0x38b}; see {@link #unicodeName()}. */
  public static String unicodeName(int base) {
    if (base < MIN_BASE || base > MAX_BASE) {
      throw new IllegalArgumentException("base symbol " + Integer.toHexString(base) + " is outside 100..38b");
    }
    return Character.getName(UNICODE_FIRST_BASE + base - MIN_BASE);
  }

  /** The symbol's id, {@code 1..MAX_ID}: its place in the ISWA 2010 (6 fills x 16 rotations per base). */
  public int id() {
    return idOf(key);
  }

  /** The id of a valid key. */
  public static int idOf(String key) {
    int base = Integer.parseInt(key, 1, 4, 16);
    int fill = Character.digit(key.charAt(4), 16);
    int rotation = Character.digit(key.charAt(5), 16);
    return (base - MIN_BASE) * 96 + fill * ROTATIONS + rotation + 1;
  }

  /**
   * The key of an id {@code 1..MAX_ID}: one shared instance per key, so parsing a text allocates no key strings
   * (a race between threads only builds a key twice; strings are immutable, so any instance is safe to share).
   */
  public static String keyOf(int id) {
    if (id < 1 || id > MAX_ID) {
      throw new IllegalArgumentException("symbol id " + id + " is outside 1.." + MAX_ID);
    }
    String key = KEYS[id];
    if (key == null) {
      int slot = id - 1;
      int base = MIN_BASE + slot / 96;
      int fill = slot % 96 / ROTATIONS;
      int rotation = slot % ROTATIONS;
      key = "S" + Integer.toHexString(base) + Integer.toHexString(fill) + Integer.toHexString(rotation);
      KEYS[id] = key;
    }
    return key;
  }

  /** Keys built so far, by id. */
  private static final String[] KEYS = new String[MAX_ID + 1];

  /** Why a key is not a valid ISWA symbol key, or null when it is. */
  static String keyProblem(String key) {
    if (key != null && key.length() == 6 && KEYS[validId(key)] == key) {
      return null; // a shared instance from keyOf: valid by construction
    }
    if (key == null || key.length() != 6 || key.charAt(0) != 'S') {
      return "a symbol key is S followed by 5 hexadecimal digits, like S2e748; got " + quote(key);
    }
    for (int i = 1; i < 6; i++) {
      char c = key.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return "symbol key " + quote(key) + " has '" + c + "', keys use lowercase hexadecimal digits";
      }
    }
    int base = Integer.parseInt(key, 1, 4, 16);
    if (base < MIN_BASE || base > MAX_BASE) {
      return "symbol key " + quote(key) + " has base " + Integer.toHexString(base) + ", bases are 100..38b";
    }
    if (Character.digit(key.charAt(4), 16) >= FILLS) {
      return "symbol key " + quote(key) + " has fill " + key.charAt(4) + ", fills are 0..5";
    }
    return null;
  }

  /** The id of a key if its digits are in range, else 0 (the key is then checked in full). */
  private static int validId(String key) {
    int base = 0;
    for (int i = 1; i < 6; i++) {
      int digit = Character.digit(key.charAt(i), 16);
      if (digit < 0) {
        return 0;
      }
      base = i < 4 ? base << 4 | digit : base;
    }
    int fill = Character.digit(key.charAt(4), 16);
    return base < MIN_BASE || base > MAX_BASE || fill >= FILLS ? 0
        : (base - MIN_BASE) * 96 + fill * ROTATIONS + Character.digit(key.charAt(5), 16) + 1;
  }

  static void checkCoordinate(int value) {
    if (value < MIN_COORDINATE || value > MAX_COORDINATE) {
      throw new IllegalArgumentException(
          "coordinate " + value + " is outside " + MIN_COORDINATE + ".." + MAX_COORDINATE);
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
