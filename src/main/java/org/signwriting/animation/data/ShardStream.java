package org.signwriting.animation.data;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.signwriting.animation.data.TrainingWindows.Sequence;

/**
 * A data-parallel worker's endless stream of training sequences from its own share of the data (a shard), read in
 * order and never held whole: a shuffle buffer of at most {@code bufferSize} sequences is filled from the shard,
 * each draw takes a random sequence out of it and puts the shard's next one in its place. When the shard and then
 * the buffer run out, an epoch ends and the next starts reading the shard again with a new order. Each sequence is
 * drawn once per epoch, as the local trainer's permutation draws each once.
 *
 * <p>The order derives from the seed, the shard number and the epoch alone, so the stream is the same in every
 * JVM; {@link #skipTo} reaches any position again by reading the shard from the start (what a worker that lost its
 * stream, e.g. with its executor, pays once).
 */
public final class ShardStream implements Closeable {

  /** The shard's sequences, in the same order every time it is opened. */
  @FunctionalInterface
  public interface Source {
    Reader open() throws IOException;
  }

  /** An open pass over a shard. */
  public interface Reader extends Iterator<Sequence>, Closeable {}

  private final Source source;
  private final long seed;
  private final int shard;
  private final int bufferSize;
  private final List<Sequence> buffer = new ArrayList<>();
  private Reader reader;
  private SplittableRandom random;
  private int epoch = -1;
  private long position;

  public ShardStream(Source source, long seed, int shard, int bufferSize) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("a shuffle buffer needs room for at least one sequence, not " + bufferSize);
    }
    this.source = source;
    this.seed = seed;
    this.shard = shard;
    this.bufferSize = bufferSize;
  }

  public int shard() {
    return shard;
  }

  /** Sequences drawn so far. */
  public long position() {
    return position;
  }

  /** The epoch of the last draw (0 first). */
  public int epoch() {
    return epoch;
  }

  /** The next sequence. */
  public Sequence next() throws IOException {
    if (reader == null) {
      startEpoch(0);
    }
    fill();
    if (buffer.isEmpty()) {
      startEpoch(epoch + 1);
      fill();
      if (buffer.isEmpty()) {
        throw new IllegalStateException("shard " + shard + " holds no training sequence");
      }
    }
    int j = random.nextInt(buffer.size());
    Sequence drawn = buffer.get(j);
    if (reader.hasNext()) {
      buffer.set(j, reader.next());
    } else {
      buffer.set(j, buffer.get(buffer.size() - 1));
      buffer.remove(buffer.size() - 1);
    }
    position++;
    return drawn;
  }

  /** The next {@code count} sequences. */
  public List<Sequence> next(int count) throws IOException {
    List<Sequence> drawn = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      drawn.add(next());
    }
    return drawn;
  }

  /**
   * Continues from {@code draws} sequences into the stream, as if they had just been drawn: forward from here, or,
   * to go back, from the start again.
   */
  public void skipTo(long draws) throws IOException {
    if (draws < position) {
      close();
      buffer.clear();
      epoch = -1;
      position = 0;
    }
    while (position < draws) {
      next();
    }
  }

  private void startEpoch(int newEpoch) throws IOException {
    if (reader != null) {
      reader.close();
    }
    epoch = newEpoch;
    random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * shard + 1_000_003L * newEpoch);
    reader = source.open();
  }

  private void fill() {
    while (buffer.size() < bufferSize && reader.hasNext()) {
      buffer.add(reader.next());
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
