package org.signwriting.animation.signwriting;

import java.util.List;

/**
 * One sign: the box marker ({@code B}, {@code L}, {@code M} or {@code R}: the lane it sits in when signs are
 * stacked), the box's bottom-right corner, its symbols in writing order, and the optional sorting prefix (the
 * symbol keys after {@code A}, used for dictionary order; empty when the sign has none).
 */
public record Sign(char box, int x, int y, List<SignSymbol> symbols, List<String> sortingPrefix) {
  /** The box markers; {@code M} is the usual one, {@code L} and {@code R} put a sign in a side lane. */
  public static final String BOX_MARKERS = "BLMR";

  public Sign {
    if (BOX_MARKERS.indexOf(box) < 0) {
      throw new IllegalArgumentException("box marker '" + box + "' is not one of B, L, M, R");
    }
    SignSymbol.checkCoordinate(x);
    SignSymbol.checkCoordinate(y);
    symbols = List.copyOf(symbols);
    sortingPrefix = List.copyOf(sortingPrefix);
    for (String key : sortingPrefix) {
      String problem = SignSymbol.keyProblem(key);
      if (problem != null) {
        throw new IllegalArgumentException("sorting prefix: " + problem);
      }
    }
  }

  /** A sign without sorting prefix. */
  public Sign(char box, int x, int y, List<SignSymbol> symbols) {
    this(box, x, y, symbols, List.of());
  }

  /** This sign in Formal SignWriting. */
  public String toFsw() {
    return Fsw.format(this);
  }

  /** This sign in SignWriting in Unicode. */
  public String toSwu() {
    return Swu.format(this);
  }
}
