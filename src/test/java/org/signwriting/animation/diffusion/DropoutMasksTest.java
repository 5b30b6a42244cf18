package org.signwriting.animation.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutMasksTest {

  private static float[] drop(DropoutMasks masks, NDManager manager, int seed, NDArray x, float rate) {
    masks.startPass(seed);
    return masks.apply(x, rate).toFloatArray();
  }

  @Test
  void keepsEachElementWithOneMinusTheRateAndScalesWhatItKeeps() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.full(new Shape(1000, 1001), 2f);
      float[] out = drop(new DropoutMasks(), manager, 1, x, 0.1f);
      long dropped = 0;
      for (float v : out) {
        if (v == 0) {
          dropped++;
        } else {
          assertEquals(2f / 0.9f, v, 1e-6f);
        }
      }
      assertEquals(0.1, dropped / (double) out.length, 0.002);
      for (float v : drop(new DropoutMasks(), manager, 1, manager.ones(new Shape(7)), 0.5f)) {
        assertTrue(v == 0 || v == 2, "kept values are scaled by 1 / (1 - 0.5): " + v);
      }
    }
  }

  @Test
  void theSeedFixesTheMasks() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(64, 33));
      DropoutMasks masks = new DropoutMasks();
      float[] a = drop(masks, manager, 5, x, 0.3f);
      assertArrayEquals(a, drop(masks, manager, 5, x, 0.3f));
      assertArrayEquals(a, drop(new DropoutMasks(), manager, 5, x, 0.3f));
      assertFalse(Arrays.equals(a, drop(masks, manager, 6, x, 0.3f)));
    }
  }

  @Test
  void masksStillInUseAreNeverOverwritten() {
    try (NDManager manager = NDManager.newBaseManager()) {
      DropoutMasks masks = new DropoutMasks();
      NDArray x = manager.ones(new Shape(1000));
      masks.startPass(1);
      NDArray first = masks.apply(x, 0.5f);
      float[] kept = first.toFloatArray();
      NDManager next = manager.newSubManager();
      masks.startPass(2);
      masks.apply(x, 0.5f);
      assertArrayEquals(kept, first.toFloatArray(), "the first pass's arrays are still open");
      next.close();
      assertThrows(IllegalStateException.class, () -> new DropoutMasks().apply(x, 0.5f));
    }
  }
}
