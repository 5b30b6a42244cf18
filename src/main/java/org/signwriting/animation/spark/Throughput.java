package org.signwriting.animation.spark;

import java.util.List;
import java.util.Locale;

/**
 * How a cluster training run spent its time: samples per second over the stages' wall time, the share of it the
 * workers spent synchronizing (encoding, the allGather rounds through the driver, decoding, averaging), and the
 * bytes each worker sent per synchronization.
 */
public record Throughput(int workers, int syncEvery, int globalBatch, int steps, double wallSeconds, double computeSeconds,
    double syncSeconds, long syncs, long bytesSent, long replayedDraws) {

  public double samplesPerSecond() {
    return wallSeconds == 0 ? 0 : (double) globalBatch * steps / wallSeconds;
  }

  /** The workers' mean time synchronizing over the wall time. */
  public double syncShare() {
    return wallSeconds == 0 ? 0 : syncSeconds / workers / wallSeconds;
  }

  /** The workers' mean time computing (drawing windows, forward, backward, update) over the wall time. */
  public double computeShare() {
    return wallSeconds == 0 ? 0 : computeSeconds / workers / wallSeconds;
  }

  /** Characters one worker sent per synchronization (each goes to every worker through the driver). */
  public long bytesPerSync() {
    return syncs == 0 ? 0 : bytesSent / syncs;
  }

  public String describe() {
    return String.format(Locale.ROOT, "%d workers, sync every %d: %.1f samples/s (batch %d, %d steps in %.1f s); "
            + "synchronizing %.1f %% of the time, %,d bytes per worker and sync; computing %.1f %%",
        workers, syncEvery, samplesPerSecond(), globalBatch, steps, wallSeconds, 100 * syncShare(), bytesPerSync(),
        100 * computeShare());
  }

  /** Adds up the stages of a run. */
  static final class Meter {
    private final int workers;
    private final int syncEvery;
    private final int globalBatch;
    private int steps;
    private long wallNanos;
    private long computeNanos;
    private long syncNanos;
    private long syncs;
    private long bytesSent;
    private long replayed;

    Meter(int workers, int syncEvery, int globalBatch) {
      this.workers = workers;
      this.syncEvery = syncEvery;
      this.globalBatch = globalBatch;
    }

    void stage(int stageSteps, long stageWallNanos, List<ClusterWorker.Report> reports) {
      steps += stageSteps;
      wallNanos += stageWallNanos;
      for (ClusterWorker.Report report : reports) {
        computeNanos += report.outcome().computeNanos();
        syncNanos += report.outcome().syncNanos();
        syncs += report.outcome().syncs();
        bytesSent += report.bytesSent();
        replayed += report.replayedDraws();
      }
    }

    Throughput result() {
      return new Throughput(workers, syncEvery, globalBatch, steps, wallNanos / 1e9, computeNanos / 1e9,
          syncNanos / 1e9, syncs / Math.max(1, workers), bytesSent / Math.max(1, workers), replayed);
    }
  }
}
