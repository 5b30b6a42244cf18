package org.signwriting.animation.signwriting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SymbolTokensTest {
  private static final int F = SymbolTokens.FEATURES;
  /** A hand (S14c20) and its movement arrow (S27106), no head. */
  private static final String HELLO = "M518x529S14c20481x471S27106503x489";
  /** A head (S2ff00) with a hand written up and to the right of it, an arrow and a contact star. */
  private static final String BESIDE_THE_HEAD = "M546x518S2ff00482x483S10e50526x455S22a04529x480S20500515x470";

  @Test
  void aRowSaysWhichSymbolAndWhereItsCentreIsInHeadUnits() {
    float[] rows = SymbolTokens.of(HELLO, 3);
    assertEquals(3 * F, rows.length);
    Dimension hand = SignRenderer.symbolSize(new SignSymbol("S14c20", 481, 471));
    assertEquals(1, rows[SymbolTokens.PRESENT]);
    assertEquals(0x14c - 0x100, rows[SymbolTokens.BASE]);
    assertEquals(2, rows[SymbolTokens.FILL]);
    assertEquals(0, rows[SymbolTokens.ROTATION]);
    assertEquals(IswaGroup.FIVE_FINGERS.ordinal(), rows[SymbolTokens.GROUP]);
    assertEquals((481 + hand.width / 2.0 - 500) / 36, rows[SymbolTokens.X], 1e-6);
    assertEquals((471 + hand.height / 2.0 - 500) / 36, rows[SymbolTokens.Y], 1e-6);
    assertEquals(hand.width / 36.0, rows[SymbolTokens.WIDTH], 1e-6);
    assertEquals(hand.height / 36.0, rows[SymbolTokens.HEIGHT], 1e-6);
    // No head: no head-relative place.
    assertEquals(0, rows[SymbolTokens.HAS_HEAD]);
    assertEquals(0, rows[SymbolTokens.HEAD_X]);
    assertEquals(0x271 - 0x100, rows[F + SymbolTokens.BASE]);
    assertEquals(6, rows[F + SymbolTokens.ROTATION]);
    assertEquals(IswaGroup.STRAIGHT_FLOOR.ordinal(), rows[F + SymbolTokens.GROUP]);
    // The third row is empty.
    assertArrayEquals(new float[F], Arrays.copyOfRange(rows, 2 * F, 3 * F));
  }

  @Test
  void placesAreAlsoMeasuredFromTheHeadsCentre() {
    float[] rows = SymbolTokens.of(BESIDE_THE_HEAD, 4);
    Dimension head = SignRenderer.symbolSize(new SignSymbol("S2ff00", 482, 483));
    Dimension hand = SignRenderer.symbolSize(new SignSymbol("S10e50", 526, 455));
    double headX = 482 + head.width / 2.0;
    double headY = 483 + head.height / 2.0;
    // The head itself sits at its own centre.
    assertEquals(1, rows[SymbolTokens.HAS_HEAD]);
    assertEquals(0, rows[SymbolTokens.HEAD_X], 1e-6);
    assertEquals(0, rows[SymbolTokens.HEAD_Y], 1e-6);
    // The hand: right of and above the head.
    assertEquals(1, rows[F + SymbolTokens.HAS_HEAD]);
    assertEquals((526 + hand.width / 2.0 - headX) / 36, rows[F + SymbolTokens.HEAD_X], 1e-6);
    assertEquals((455 + hand.height / 2.0 - headY) / 36, rows[F + SymbolTokens.HEAD_Y], 1e-6);
    assertTrue(rows[F + SymbolTokens.HEAD_X] > 0.5 && rows[F + SymbolTokens.HEAD_Y] < 0);
  }

  @Test
  void tooManySymbolsKeepHandsAndMovementsInWritingOrder() {
    // Two slots for four symbols: the head goes, then the last of the hand and movement symbols.
    float[] rows = SymbolTokens.of(BESIDE_THE_HEAD, 2);
    assertEquals(0x10e - 0x100, rows[SymbolTokens.BASE]);
    assertEquals(0x22a - 0x100, rows[F + SymbolTokens.BASE]);
    // Three slots: hand, arrow, contact, in the order they are written.
    rows = SymbolTokens.of(BESIDE_THE_HEAD, 3);
    assertEquals(0x205 - 0x100, rows[2 * F + SymbolTokens.BASE]);
    // The head-relative place does not depend on whether the head symbol has a row.
    assertEquals(SymbolTokens.of(BESIDE_THE_HEAD, 4)[F + SymbolTokens.HEAD_X], rows[SymbolTokens.HEAD_X], 0);
  }

  @Test
  void signsOfOneTextShareTheRowsInTheirOrder() {
    float[] both = SymbolTokens.of(HELLO + " " + BESIDE_THE_HEAD, 6);
    float[] first = SymbolTokens.of(HELLO, 2);
    float[] second = SymbolTokens.of(BESIDE_THE_HEAD, 4);
    assertArrayEquals(first, Arrays.copyOfRange(both, 0, 2 * F));
    assertArrayEquals(second, Arrays.copyOfRange(both, 2 * F, 6 * F));
    assertArrayEquals(SymbolTokens.of(HELLO, 2), SymbolTokens.of(SignWriting.toSwu(HELLO), 2));
  }

  @Test
  void noSlotsIsNoRowsAndFewerThanNoneIsAnError() {
    assertEquals(0, SymbolTokens.of(HELLO, 0).length);
    assertEquals("slots must be at least 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> SymbolTokens.of(HELLO, -1)).getMessage());
  }

  @Test
  void aBaseIsAlsoReadAsTheWordsOfItsName() {
    int words = SymbolTokens.NAME_WORDS.size();
    float[] table = SymbolTokens.baseWords();
    assertEquals(SymbolTokens.BASES * words, table.length);
    // S100 is HAND-FIST INDEX: three words of weight 1/√3, the first three of the vocabulary.
    assertEquals(java.util.List.of("HAND", "FIST", "INDEX"), SymbolTokens.NAME_WORDS.subList(0, 3));
    assertArrayEquals(new float[] {1, 1, 1}, new float[] {table[0] * (float) Math.sqrt(3),
        table[1] * (float) Math.sqrt(3), table[2] * (float) Math.sqrt(3)}, 1e-6f);
    for (int base = 0; base < SymbolTokens.BASES; base++) {
      double norm = 0;
      for (int w = 0; w < words; w++) {
        norm += table[base * words + w] * table[base * words + w];
      }
      assertEquals(1, norm, 1e-5, "base " + Integer.toHexString(base + 0x100));
    }
    // Two fists that differ by one named finger share all but that word (HAND-FIST INDEX and HAND-FIST INDEX
    // MIDDLE: 3 of 4 words, cosine 3/√12 = 0.87); a hand and a movement arrow share none.
    int indexMiddle = baseNamed("SIGNWRITING HAND-FIST INDEX MIDDLE");
    int arrow = baseNamed("SIGNWRITING MOVEMENT-WALLPLANE SINGLE STRAIGHT SMALL");
    assertTrue(dot(table, words, 0, indexMiddle) > 0.8, "a fist with one more finger reads alike");
    assertEquals(0, dot(table, words, 0, arrow), 1e-9, "a hand and an arrow share no word");
    // The table is a copy: changing it changes nothing for the next reader.
    table[0] = 42;
    assertEquals(1 / Math.sqrt(3), SymbolTokens.baseWords()[0], 1e-6);
  }

  private static int baseNamed(String name) {
    for (int base = SignSymbol.MIN_BASE; base <= SignSymbol.MAX_BASE; base++) {
      if (SignSymbol.unicodeName(base).equals(name)) {
        return base - SignSymbol.MIN_BASE;
      }
    }
    throw new AssertionError("no base named " + name);
  }

  private static double dot(float[] table, int words, int a, int b) {
    double sum = 0;
    for (int w = 0; w < words; w++) {
      sum += table[a * words + w] * table[b * words + w];
    }
    return sum;
  }
}
