package org.signwriting.animation.signwriting;

import java.awt.Dimension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sign's symbols as rows of numbers a model reads, one row per symbol: which symbol it is (base, fill, rotation
 * and ISWA group, as ids) and where it sits, both in the sign box and relative to the head symbol. SignWriting says
 * where a hand is by where its symbol is written beside the head, and a picture's pooled embedding keeps that
 * place only vaguely; these rows keep it exactly.
 *
 * <p>Places are in head units (36 sign-box units: a head symbol's height), measured from the symbol's centre. The
 * head is the nearest head symbol at least 30 units wide and high (smaller head-group symbols are eyes, mouths and
 * the like, drawn inside the head); a sign without one has {@link #HAS_HEAD} 0 and head-relative places 0.
 *
 * <p>A sign has at most {@code slots} rows; rows beyond its symbols are all 0 ({@link #PRESENT} 0). When a sign has
 * more symbols, hands and movements are kept first, then heads, then the rest, each in writing order, and the rows
 * follow the writing order of the kept symbols. Several signs (a text of more than one) share the rows, one after
 * the other, each placed in its own box.
 */
public final class SymbolTokens {
  /** The numbers of one row. */
  public static final int FEATURES = 12;
  /** Column: 1 for a symbol, 0 for an empty row. */
  public static final int PRESENT = 0;
  /** Column: the base's index from {@code S100}, {@code 0 .. BASES - 1}. */
  public static final int BASE = 1;
  /** Column: the fill, {@code 0..5}. */
  public static final int FILL = 2;
  /** Column: the rotation, {@code 0..15}. */
  public static final int ROTATION = 3;
  /** Column: the ISWA group's ordinal ({@link IswaGroup}). */
  public static final int GROUP = 4;
  /** Columns: the centre relative to the box centre, head units, right and down. */
  public static final int X = 5;
  public static final int Y = 6;
  /** Columns: the centre relative to the head's centre, head units (0 without a head). */
  public static final int HEAD_X = 7;
  public static final int HEAD_Y = 8;
  /** Column: 1 when the sign has a head symbol. */
  public static final int HAS_HEAD = 9;
  /** Columns: the symbol's width and height, head units. */
  public static final int WIDTH = 10;
  public static final int HEIGHT = 11;

  /** How many values each categorical column takes. */
  public static final int BASES = SignSymbol.MAX_BASE - SignSymbol.MIN_BASE + 1;
  public static final int FILLS = SignSymbol.FILLS;
  public static final int ROTATIONS = SignSymbol.ROTATIONS;
  public static final int GROUPS = IswaGroup.values().length;

  /**
   * The words of the bases' Unicode names ({@link SignSymbol#unicodeName}, without {@code SIGNWRITING}, split at
   * spaces and hyphens), in order of first use from {@code S100}: {@code HAND}, {@code FIST}, {@code INDEX}, ...
   */
  public static final List<String> NAME_WORDS;
  /** Per base, the words of its name as a unit vector over {@link #NAME_WORDS}: {@code BASES × NAME_WORDS.size()}. */
  private static final float[] BASE_WORDS;

  static {
    List<String> words = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    List<Set<Integer>> named = new ArrayList<>();
    for (int base = SignSymbol.MIN_BASE; base <= SignSymbol.MAX_BASE; base++) {
      Set<Integer> own = new TreeSet<>();
      for (String word : SignSymbol.unicodeName(base).replaceFirst("^SIGNWRITING ", "").split("[ -]+")) {
        own.add(index.computeIfAbsent(word, w -> {
          words.add(w);
          return words.size() - 1;
        }));
      }
      named.add(own);
    }
    NAME_WORDS = List.copyOf(words);
    BASE_WORDS = new float[BASES * words.size()];
    for (int base = 0; base < BASES; base++) {
      float weight = (float) (1 / Math.sqrt(named.get(base).size()));
      for (int word : named.get(base)) {
        BASE_WORDS[base * words.size() + word] = weight;
      }
    }
  }

  /**
   * What each base's name says, for a model that reads a base by its words rather than by its id: row {@code b} is
   * base {@code S100 + b}'s words as a unit vector over {@link #NAME_WORDS} (a copy, {@code BASES ×
   * NAME_WORDS.size()}, row-major). The names spell the ISWA hand shapes, movements and contacts in words
   * ({@code HAND-FIST INDEX MIDDLE}, {@code MOVEMENT-WALLPLANE SINGLE STRAIGHT SMALL}), so a base never seen in
   * training is still read by the fingers, forms and paths it shares with others.
   */
  public static float[] baseWords() {
    return BASE_WORDS.clone();
  }

  /** Sign-box units per head unit: the height of a head symbol. */
  static final double HEAD_UNIT = 36;
  /** A head-group symbol at least this wide and high is a head (smaller ones are parts of a face). */
  static final int HEAD_MIN_SIZE = 30;
  private static final int BOX_CENTRE = 500;

  private SymbolTokens() {}

  /**
   * What a model with {@code slots} symbol rows reads of a sign: the sign encoder's {@code embedding} followed by the
   * rows of {@code signWriting}; the embedding itself when {@code slots} is 0, and null for no sign (a null
   * embedding).
   */
  public static float[] condition(float[] embedding, String signWriting, int slots) {
    if (slots == 0 || embedding == null) {
      return embedding;
    }
    if (signWriting == null) {
      throw new IllegalArgumentException("no SignWriting to read the symbols of");
    }
    float[] rows = of(signWriting, slots);
    float[] condition = java.util.Arrays.copyOf(embedding, embedding.length + rows.length);
    System.arraycopy(rows, 0, condition, embedding.length, rows.length);
    return condition;
  }

  /** The length of a {@link #condition}: the embedding's and {@code slots} rows. */
  public static int conditionSize(int embeddingSize, int slots) {
    return embeddingSize + slots * FEATURES;
  }

  /** The rows of a text's signs (FSW or SWU), flat: {@code slots × FEATURES} numbers. */
  public static float[] of(String fswOrSwu, int slots) {
    return of(SignWriting.parse(fswOrSwu), slots);
  }

  /** The rows of signs, flat: {@code slots × FEATURES} numbers. */
  public static float[] of(List<Sign> signs, int slots) {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must be at least 0, got " + slots);
    }
    List<Placed> all = new ArrayList<>();
    for (Sign sign : signs) {
      all.addAll(placed(sign, all.size()));
    }
    List<Placed> kept = new ArrayList<>(all);
    kept.sort(Comparator.comparingInt(Placed::priority).thenComparingInt(Placed::order));
    kept = new ArrayList<>(kept.subList(0, Math.min(slots, kept.size())));
    kept.sort(Comparator.comparingInt(Placed::order));
    float[] rows = new float[slots * FEATURES];
    for (int i = 0; i < kept.size(); i++) {
      kept.get(i).write(rows, i * FEATURES);
    }
    return rows;
  }

  /** A symbol with its centre and the head it is placed against. */
  private record Placed(SignSymbol symbol, int order, double cx, double cy, Dimension size, double[] head) {
    int priority() {
      return switch (IswaGroup.of(symbol.base()).category()) {
        case HAND, MOVEMENT -> 0;
        case HEAD -> 1;
        default -> 2;
      };
    }

    void write(float[] rows, int at) {
      rows[at + PRESENT] = 1;
      rows[at + BASE] = symbol.base() - SignSymbol.MIN_BASE;
      rows[at + FILL] = symbol.fill();
      rows[at + ROTATION] = symbol.rotation();
      rows[at + GROUP] = IswaGroup.of(symbol.base()).ordinal();
      rows[at + X] = (float) ((cx - BOX_CENTRE) / HEAD_UNIT);
      rows[at + Y] = (float) ((cy - BOX_CENTRE) / HEAD_UNIT);
      if (head != null) {
        rows[at + HEAD_X] = (float) ((cx - head[0]) / HEAD_UNIT);
        rows[at + HEAD_Y] = (float) ((cy - head[1]) / HEAD_UNIT);
        rows[at + HAS_HEAD] = 1;
      }
      rows[at + WIDTH] = (float) (size.width / HEAD_UNIT);
      rows[at + HEIGHT] = (float) (size.height / HEAD_UNIT);
    }
  }

  private static List<Placed> placed(Sign sign, int firstOrder) {
    List<SignSymbol> symbols = sign.symbols();
    List<double[]> heads = new ArrayList<>();
    List<Dimension> sizes = new ArrayList<>();
    for (SignSymbol symbol : symbols) {
      Dimension size = SignRenderer.symbolSize(symbol);
      sizes.add(size);
      if (IswaGroup.of(symbol.base()).category() == IswaGroup.Category.HEAD && size.width >= HEAD_MIN_SIZE
          && size.height >= HEAD_MIN_SIZE) {
        heads.add(new double[] {symbol.x() + size.width / 2.0, symbol.y() + size.height / 2.0});
      }
    }
    List<Placed> placed = new ArrayList<>();
    for (int i = 0; i < symbols.size(); i++) {
      SignSymbol symbol = symbols.get(i);
      Dimension size = sizes.get(i);
      double cx = symbol.x() + size.width / 2.0;
      double cy = symbol.y() + size.height / 2.0;
      double[] nearest = null;
      for (double[] head : heads) {
        if (nearest == null || Math.hypot(cx - head[0], cy - head[1]) < Math.hypot(cx - nearest[0], cy - nearest[1])) {
          nearest = head;
        }
      }
      placed.add(new Placed(symbol, firstOrder + i, cx, cy, size, nearest));
    }
    return placed;
  }
}
