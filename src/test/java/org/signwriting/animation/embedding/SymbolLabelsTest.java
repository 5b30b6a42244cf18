package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.signwriting.SignWriting;

class SymbolLabelsTest {

  private static List<String> present(String fsw) {
    float[] labels = SymbolLabels.of(SignWriting.parse(fsw).get(0));
    List<String> names = SymbolLabels.names();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1f) {
        out.add(names.get(i));
      }
    }
    return out;
  }

  @Test
  void namesEveryPosition() {
    assertEquals(SymbolLabels.SIZE, SymbolLabels.names().size());
    assertEquals(24 + 2 * (6 + 16) + 3 * 9, SymbolLabels.SIZE);
  }

  @Test
  void groupsFollowTheIswa() {
    assertEquals(0, SymbolLabels.group(0x100));
    assertEquals(4, SymbolLabels.group(0x14c));
    assertEquals(9, SymbolLabels.group(0x204));
    assertEquals(10, SymbolLabels.group(0x205));
    assertEquals(14, SymbolLabels.group(0x271));
    assertEquals(21, SymbolLabels.group(0x2ff));
    assertEquals(23, SymbolLabels.group(0x38b));
  }

  @Test
  void labelsAHandWithAMovementAndAFace() {
    // First DGS sign: a five-finger hand S17600 and a finger movement S21d00 at the top right, a straight
    // floor-plane movement S26503 at the right, the head S2ff00 at the bottom left.
    assertEquals(List.of("group:five-fingers", "group:finger-movement", "group:straight-floor",
            "group:head-face", "hand-fill:0", "hand-rotation:0", "movement-fill:0", "movement-rotation:0",
            "movement-rotation:3", "hand-at:2,0", "movement-at:2,0", "movement-at:2,1", "other-at:0,2"),
        present("M549x518S17600532x453S21d00531x442S2ff00482x483S26503517x469"));
  }

  @Test
  void aSingleSymbolSitsInTheMiddle() {
    assertEquals(List.of("group:thumb", "hand-fill:2", "hand-rotation:0", "hand-at:1,1"),
        present("M507x507S1f720487x492"));
  }
}
