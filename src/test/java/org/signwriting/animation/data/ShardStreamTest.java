package org.signwriting.animation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.signwriting.animation.data.TrainingWindows.Sequence;

class ShardStreamTest {

  /** A shard of {@code size} one-frame sequences named 0, 1, ...; counts what is read and how much at once. */
  private static final class Shard implements ShardStream.Source {
    final int size;
    int opened;
    int read;

    Shard(int size) {
      this.size = size;
    }

    @Override
    public ShardStream.Reader open() {
      opened++;
      Iterator<Integer> ids = java.util.stream.IntStream.range(0, size).iterator();
      return new ShardStream.Reader() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Sequence next() {
          read++;
          return new Sequence(Integer.toString(ids.next()), 1, 1, 1, new float[1], new float[] {1}, null, null);
        }

        @Override
        public void close() {}
      };
    }
  }

  private static List<String> ids(ShardStream stream, int count) throws IOException {
    List<String> ids = new ArrayList<>();
    for (Sequence s : stream.next(count)) {
      ids.add(s.id());
    }
    return ids;
  }

  @Test
  void everySequenceOncePerEpochThroughABoundedBufferInAShuffledOrder() throws IOException {
    Shard shard = new Shard(50);
    ShardStream stream = new ShardStream(shard, 7, 0, 8);
    List<String> first = ids(stream, 50);
    assertEquals(50, new HashSet<>(first).size(), "each of the 50 once in the first epoch");
    assertEquals(50, shard.read);
    assertNotEquals(first.subList(0, 10), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    // The buffer holds 8: the first draw can only be one of the first 8 rows, the 9th row enters after it.
    assertTrue(Integer.parseInt(first.get(0)) < 8, first.get(0));
    List<String> second = ids(stream, 50);
    assertEquals(Set.copyOf(first), Set.copyOf(second));
    assertNotEquals(first, second, "another order in the next epoch");
    assertEquals(1, stream.epoch());
    assertEquals(2, shard.opened);
  }

  @Test
  void sameSeedAndShardSameStreamAndSkippingEqualsDrawing() throws IOException {
    List<String> whole = ids(new ShardStream(new Shard(30), 3, 1, 5), 70);
    ShardStream skipped = new ShardStream(new Shard(30), 3, 1, 5);
    skipped.skipTo(41);
    assertEquals(whole.subList(41, 70), ids(skipped, 29));
    skipped.skipTo(10); // back: reads the shard again from the start
    assertEquals(whole.subList(10, 20), ids(skipped, 10));
    assertNotEquals(whole, ids(new ShardStream(new Shard(30), 3, 2, 5), 70), "another shard's order");
    assertNotEquals(whole, ids(new ShardStream(new Shard(30), 4, 1, 5), 70), "another seed's order");
  }

  @Test
  void anEmptyShardIsAnError() {
    ShardStream stream = new ShardStream(new Shard(0), 1, 3, 4);
    IllegalStateException e = assertThrows(IllegalStateException.class, stream::next);
    assertEquals("shard 3 holds no training sequence", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ShardStream(new Shard(1), 1, 0, 0));
  }
}
