package org.signwriting.animation.embedding;

import java.util.ArrayList;
import java.util.List;
import org.signwriting.animation.signwriting.IswaGroup;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignSymbol;

/**
 * What a sign says, as a multi-hot vector the encoder learns to predict from its embedding: which ISWA
 * symbol groups are present, which fills and rotations its hand shapes and movements use, and the coarse
 * layout (which third of the sign, across and down, holds hands, movements and other symbols).
 * The vocabulary is fixed by the ISWA 2010, not by the training data, so every model agrees on it.
 */
public final class SymbolLabels {

  private static final String[] LAYOUT_KINDS = {"hand", "movement", "other"};

  public static final int GROUPS = IswaGroup.values().length;
  private static final int HAND_FILLS = GROUPS;
  private static final int HAND_ROTATIONS = HAND_FILLS + SignSymbol.FILLS;
  private static final int MOVEMENT_FILLS = HAND_ROTATIONS + SignSymbol.ROTATIONS;
  private static final int MOVEMENT_ROTATIONS = MOVEMENT_FILLS + SignSymbol.FILLS;
  private static final int LAYOUT = MOVEMENT_ROTATIONS + SignSymbol.ROTATIONS;
  /** Length of the label vector. */
  public static final int SIZE = LAYOUT + LAYOUT_KINDS.length * 9;

  private SymbolLabels() {}

  /** The ISWA group of a base symbol, {@code 0..GROUPS-1}. */
  public static int group(int base) {
    return IswaGroup.of(base).ordinal();
  }

  /** Readable name of each label position, for reports. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(SIZE);
    for (IswaGroup group : IswaGroup.values()) {
      names.add("group:" + group.label());
    }
    for (String kind : new String[] {"hand", "movement"}) {
      for (int f = 0; f < SignSymbol.FILLS; f++) {
        names.add(kind + "-fill:" + f);
      }
      for (int r = 0; r < SignSymbol.ROTATIONS; r++) {
        names.add(kind + "-rotation:" + r);
      }
    }
    for (String kind : LAYOUT_KINDS) {
      for (int cell = 0; cell < 9; cell++) {
        names.add(kind + "-at:" + (cell % 3) + "," + (cell / 3));
      }
    }
    return names;
  }

  /** The multi-hot label vector of a sign. */
  public static float[] of(Sign sign) {
    float[] labels = new float[SIZE];
    List<SignSymbol> symbols = sign.symbols();
    int minX = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (SignSymbol symbol : symbols) {
      minX = Math.min(minX, symbol.x());
      maxX = Math.max(maxX, symbol.x());
      minY = Math.min(minY, symbol.y());
      maxY = Math.max(maxY, symbol.y());
    }
    for (SignSymbol symbol : symbols) {
      int base = symbol.base();
      labels[group(base)] = 1;
      IswaGroup.Category category = IswaGroup.of(base).category();
      int kind;
      if (category == IswaGroup.Category.HAND) {
        kind = 0;
        labels[HAND_FILLS + symbol.fill()] = 1;
        labels[HAND_ROTATIONS + symbol.rotation()] = 1;
      } else if (category == IswaGroup.Category.MOVEMENT) {
        kind = 1;
        labels[MOVEMENT_FILLS + symbol.fill()] = 1;
        labels[MOVEMENT_ROTATIONS + symbol.rotation()] = 1;
      } else {
        kind = 2;
      }
      int column = third(symbol.x(), minX, maxX);
      int row = third(symbol.y(), minY, maxY);
      labels[LAYOUT + kind * 9 + row * 3 + column] = 1;
    }
    return labels;
  }

  /** Which third of [min, max] a coordinate falls in; the middle when the sign has no extent there. */
  private static int third(int value, int min, int max) {
    if (max <= min) {
      return 1;
    }
    double t = (value - min) / (double) (max - min);
    return t < 1.0 / 3 ? 0 : t > 2.0 / 3 ? 2 : 1;
  }
}
