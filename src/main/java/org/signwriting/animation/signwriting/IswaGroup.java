package org.signwriting.animation.signwriting;

/**
 * The symbol groups of the International SignWriting Alphabet (ISWA 2010), each a range of base symbols, and the
 * category each belongs to. A base symbol's meaning in words is its Unicode character name
 * ({@link SignSymbol#unicodeName()}), e.g. {@code SIGNWRITING HAND-FIST INDEX} for {@code S100}.
 */
public enum IswaGroup {
  INDEX(0x100, "index", Category.HAND),
  INDEX_MIDDLE(0x10e, "index-middle", Category.HAND),
  INDEX_MIDDLE_THUMB(0x11e, "index-middle-thumb", Category.HAND),
  FOUR_FINGERS(0x144, "four-fingers", Category.HAND),
  FIVE_FINGERS(0x14c, "five-fingers", Category.HAND),
  BABY_FINGER(0x186, "baby-finger", Category.HAND),
  RING_FINGER(0x1a4, "ring-finger", Category.HAND),
  MIDDLE_FINGER(0x1ba, "middle-finger", Category.HAND),
  INDEX_THUMB(0x1cd, "index-thumb", Category.HAND),
  THUMB(0x1f5, "thumb", Category.HAND),
  CONTACT(0x205, "contact", Category.MOVEMENT),
  FINGER_MOVEMENT(0x216, "finger-movement", Category.MOVEMENT),
  STRAIGHT_WALL(0x22a, "straight-wall", Category.MOVEMENT),
  STRAIGHT_DIAGONAL(0x255, "straight-diagonal", Category.MOVEMENT),
  STRAIGHT_FLOOR(0x265, "straight-floor", Category.MOVEMENT),
  CURVE_PARALLEL_WALL(0x288, "curve-parallel-wall", Category.MOVEMENT),
  CURVE_HIT_WALL(0x2a6, "curve-hit-wall", Category.MOVEMENT),
  CURVE_HIT_FLOOR(0x2b7, "curve-hit-floor", Category.MOVEMENT),
  CURVE_PARALLEL_FLOOR(0x2d5, "curve-parallel-floor", Category.MOVEMENT),
  CIRCLE(0x2e3, "circle", Category.MOVEMENT),
  DYNAMICS(0x2f7, "dynamics", Category.DYNAMICS),
  HEAD_FACE(0x2ff, "head-face", Category.HEAD),
  BODY(0x36d, "body", Category.BODY),
  LOCATION_PUNCTUATION(0x37f, "location-punctuation", Category.LOCATION_PUNCTUATION);

  /** The ISWA categories. */
  public enum Category { HAND, MOVEMENT, DYNAMICS, HEAD, BODY, LOCATION_PUNCTUATION }

  private final int firstBase;
  private final String label;
  private final Category category;

  IswaGroup(int firstBase, String label, Category category) {
    this.firstBase = firstBase;
    this.label = label;
    this.category = category;
  }

  /** The group's first base symbol; it ends where the next group starts (the last at {@code 0x38b}). */
  public int firstBase() {
    return firstBase;
  }

  /** A short name, e.g. {@code five-fingers}. */
  public String label() {
    return label;
  }

  public Category category() {
    return category;
  }

  /** The group of a base symbol {@code 0x100..0x38b}. */
  public static IswaGroup of(int base) {
    if (base < SignSymbol.MIN_BASE || base > SignSymbol.MAX_BASE) {
      throw new IllegalArgumentException("base symbol " + Integer.toHexString(base) + " is outside 100..38b");
    }
    IswaGroup[] groups = values();
    for (int g = groups.length - 1; g > 0; g--) {
      if (base >= groups[g].firstBase) {
        return groups[g];
      }
    }
    return groups[0];
  }
}
