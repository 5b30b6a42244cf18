package org.signwriting.animation.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.apache.spark.BarrierTaskContext;
import org.signwriting.animation.diffusion.DataParallelWorker;

/**
 * The workers' exchange through Spark itself: {@link BarrierTaskContext#allGather}, which hands every task's
 * string to every task of the barrier stage, through the driver. Vectors travel as little-endian float32 bytes in
 * base64 (allGather carries strings), cut into chunks of at most {@code chunkBytes} bytes, one allGather round per
 * chunk, so no single message grows with the model. The driver relays every message to every task: per exchange it
 * receives N messages and sends N², which is what bounds this design on many workers (README: scaling).
 *
 * <p>Spark's task waits for the answer by sleeping a whole second at a time between checks (BarrierTaskContext
 * polls its RPC future every 1,000 ms, to notice when the task is killed), so every allGather took about a second
 * however small: one synchronization per training step could not go faster than a step a second. A helper thread
 * here interrupts the task's sleep every {@value #POLL_MICROS} µs while it waits, which Spark takes as "check
 * again" (it only gives up when the task is really killed), so a round takes what the exchange itself takes. The
 * helper never interrupts outside allGather's wait, and the task thread's interrupt flag is cleared afterwards.
 */
final class BarrierExchange implements DataParallelWorker.Exchange, AutoCloseable {
  /** How often a waiting task checks for the answer. */
  static final long POLL_MICROS = 200;

  private final BarrierTaskContext context;
  private final int chunkBytes;
  /** Where each partition's vector goes in the result: the worker (shard) it trains. */
  private final int[] workerOfPartition;
  private long bytesSent;
  private long rounds;

  private final Thread task;
  private final Object lock = new Object();
  private final Thread poker;
  private boolean waiting;
  private boolean closed;

  /**
   * An exchange for the calling task thread, whose barrier context has already made one allGather (Spark connects to
   * its coordinator during the first, a wait that must not be interrupted).
   */
  BarrierExchange(BarrierTaskContext context, int chunkBytes, int[] workerOfPartition) {
    this.context = context;
    this.chunkBytes = Math.max(4, chunkBytes - chunkBytes % 4);
    this.workerOfPartition = workerOfPartition;
    this.task = Thread.currentThread();
    this.poker = new Thread(this::poke, "swa allGather poller for " + task.getName());
    poker.setDaemon(true);
    poker.start();
  }

  private void poke() {
    try {
      while (true) {
        synchronized (lock) {
          while (!waiting && !closed) {
            lock.wait();
          }
          if (closed) {
            return;
          }
        }
        java.util.concurrent.locks.LockSupport.parkNanos(POLL_MICROS * 1000);
        synchronized (lock) {
          if (waiting) {
            task.interrupt();
          }
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** One allGather round with the waiting task woken up often. */
  private String[] gather(String message) {
    synchronized (lock) {
      waiting = true;
      lock.notifyAll();
    }
    try {
      return context.allGather(message);
    } finally {
      synchronized (lock) {
        waiting = false;
      }
      Thread.interrupted(); // a poke that came after the answer
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  @Override
  public float[][] allGather(float[] mine) {
    int length = mine.length;
    ByteBuffer bytes = ByteBuffer.allocate(length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(mine);
    byte[] raw = bytes.array();
    int tasks = workerOfPartition.length;
    float[][] all = new float[tasks][length];
    int chunks = Math.max(1, (raw.length + chunkBytes - 1) / chunkBytes);
    Base64.Encoder encoder = Base64.getEncoder();
    Base64.Decoder decoder = Base64.getDecoder();
    for (int chunk = 0; chunk < chunks; chunk++) {
      int from = chunk * chunkBytes;
      int to = Math.min(raw.length, from + chunkBytes);
      // The first chunk says how long the vector is, so that replicas of different models fail clearly.
      String message = (chunk == 0 ? length + ":" : "") + encoder.encodeToString(java.util.Arrays.copyOfRange(raw,
          from, to));
      bytesSent += message.length();
      rounds++;
      String[] messages = gather(message);
      for (int partition = 0; partition < tasks; partition++) {
        String received = messages[partition];
        if (chunk == 0) {
          int colon = received.indexOf(':');
          int theirs = Integer.parseInt(received.substring(0, colon));
          if (theirs != length) {
            throw new IllegalStateException("worker " + workerOfPartition[partition] + " sent " + theirs
                + " numbers, this one " + length + ": the replicas' models differ");
          }
          received = received.substring(colon + 1);
        }
        ByteBuffer.wrap(decoder.decode(received)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
            .get(all[workerOfPartition[partition]], from / Float.BYTES, (to - from) / Float.BYTES);
      }
    }
    return all;
  }

  /** Characters this task sent so far (each also goes to every other task, through the driver). */
  long bytesSent() {
    return bytesSent;
  }

  /** allGather rounds so far. */
  long rounds() {
    return rounds;
  }
}
