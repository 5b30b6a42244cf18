package org.signwriting.animation.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    Samples odd = Samples.of(9, 1, 5);
    assertEquals(5, odd.median());
    assertEquals(1, odd.min());
    assertEquals(9, odd.max());
    assertEquals(3, odd.count());
    assertEquals(4.5, Samples.of(8, 1, 4, 5).median());
    assertEquals("5.0 (1.0-9.0)", odd.describe("%.1f"));
    assertEquals(0.2, odd.map(ms -> 1 / ms).median());
    assertThrows(IllegalArgumentException.class, Samples::of);
  }

  @Test
  void theCallersArrayIsNotSorted() {
    double[] values = {3, 1, 2};
    Samples.of(values);
    assertEquals(3, values[0]);
  }
}
