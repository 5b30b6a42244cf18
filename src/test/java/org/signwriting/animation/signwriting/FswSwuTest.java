package org.signwriting.animation.signwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FswSwuTest {
  private static final String FSW =
      "AS10011S10019S2e704S2e748M525x535S2e748483x510S10011501x466S2e704510x500S10019476x475";
  private static final String SWU = "𝠀񀀒񀀚񋚥񋛩𝠃𝤟𝤩񋛩𝣵𝤐񀀒𝤇𝣤񋚥𝤐𝤆񀀚𝣮𝣭";

  @Test
  void parsesTheStructureOfAnFswSign() {
    Sign sign = Fsw.parseSign(FSW);
    assertEquals('M', sign.box());
    assertEquals(525, sign.x());
    assertEquals(535, sign.y());
    assertEquals(List.of("S10011", "S10019", "S2e704", "S2e748"), sign.sortingPrefix());
    assertEquals(4, sign.symbols().size());
    SignSymbol first = sign.symbols().get(0);
    assertEquals(new SignSymbol("S2e748", 483, 510), first);
    assertEquals(0x2e7, first.base());
    assertEquals(4, first.fill());
    assertEquals(8, first.rotation());
  }

  @Test
  void convertsBetweenFswAndSwuBothWays() {
    assertEquals(SWU, Fsw.parseSign(FSW).toSwu());
    assertEquals(FSW, Swu.parseSign(SWU).toFsw());
    assertEquals(Fsw.parseSign(FSW), Swu.parseSign(SWU));
    assertEquals(FSW, SignWriting.toFsw(SWU));
    assertEquals(SWU, SignWriting.toSwu(FSW));
  }

  @ParameterizedTest
  @CsvSource({"S10000, 1", "S10001, 2", "S10010, 17", "S10100, 97", "S38b5f, 62592", "S2e748, 46825"})
  void symbolKeysAndIdsCorrespond(String key, int id) {
    assertEquals(id, SignSymbol.idOf(key));
    assertEquals(key, SignSymbol.keyOf(id));
    assertEquals(0x40000 + id, Swu.symbolCharacter(key));
  }

  @Test
  void everyIdRoundTripsThroughItsKey() {
    for (int id = 1; id <= SignSymbol.MAX_ID; id++) {
      SignSymbol symbol = SignSymbol.ofId(id, 500, 500);
      assertEquals(id, symbol.id());
      assertEquals(id - 1, (symbol.base() - 0x100) * 96 + symbol.fill() * 16 + symbol.rotation());
    }
    assertThrows(IllegalArgumentException.class, () -> SignSymbol.keyOf(0));
    assertThrows(IllegalArgumentException.class, () -> SignSymbol.keyOf(SignSymbol.MAX_ID + 1));
  }

  @Test
  void multiSignTextKeepsEverySignAndItsLane() {
    String text = "  M518x529S14c20481x471S27106503x489 L518x533S1870a489x515\tR510x510S20500490x490 ";
    List<Sign> signs = SignWriting.parse(text);
    assertEquals(3, signs.size());
    assertEquals("MLR", "" + signs.get(0).box() + signs.get(1).box() + signs.get(2).box());
    assertEquals("M518x529S14c20481x471S27106503x489 L518x533S1870a489x515 R510x510S20500490x490",
        Fsw.format(signs));
    assertEquals(signs, Swu.parse(Swu.format(signs)));
  }

  @Test
  void signsWrittenWithoutSpacesAreStillSeparate() {
    List<Sign> signs = Swu.parse("𝠃𝤛𝤵񍉡𝣴𝣵񆄱𝤌𝤆񈠣𝤉𝤚𝠃𝤟𝤩񋛩𝣵𝤐񀀒𝤇𝣤񋚥𝤐𝤆񀀚𝣮𝣭");
    assertEquals(2, signs.size());
    assertEquals(3, signs.get(0).symbols().size());
  }

  @Test
  void aSignWithoutSymbolsIsValid() {
    Sign sign = Fsw.parseSign("M500x500");
    assertTrue(sign.symbols().isEmpty());
    assertEquals("𝠃𝤆𝤆", sign.toSwu());
  }

  @Test
  void detectsTheForm() {
    assertTrue(SignWriting.isSwu(" " + SWU));
    assertFalse(SignWriting.isSwu(FSW));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "''|0|the text has no sign",
      "'   '|3|the text has no sign",
      "S20555|0|expected a box marker",
      "M525x535S2e748483x510S10011501x46|33|expected a 3-digit coordinate",
      "M525x535S2e748483y510|17|expected 'x'",
      "M525x535S2e7g8483x510|8|lowercase hexadecimal",
      "M525x535S2e768483x510|8|fill 6",
      "M525x535S39000483x510|8|base 390",
      "M525x535S2e748183x510|14|coordinate 183 is outside 250..749",
      "M525x535S2e748483x510 hello|22|expected a symbol, a space or the next sign, found 'h'",
      "M525x535S2e748483x510,|21|expected a symbol, a space or the next sign",
      "AM525x535|1|expected a symbol key after the sorting marker",
      "M525x535S2e74|13|symbol key cut short",
      "Q525x535|0|expected a box marker",
      "𝠃𝤟𝤩񋛩𝣵M|5|expected a coordinate character",
      "𝠃𝤟𝤩񋛩𝣵𝤐x|6|expected a symbol, a space or the next sign",
      "𝠃𝤟|2|expected a coordinate character"})
  void badTextSaysWhatAndWhere(String text, int offset, String reason) {
    SignWritingException error = assertThrows(SignWritingException.class, () -> SignWriting.parse(text));
    assertEquals(offset, error.offset(), error.getMessage());
    assertTrue(error.reason().contains(reason), error.getMessage());
    assertTrue(error.getMessage().contains("offset " + offset), error.getMessage());
  }
}
