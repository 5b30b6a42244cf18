package org.signwriting.animation.util;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one look of every progress bar: ASCII (safe in logs and notebooks), on stderr so stdout keeps results.
 *
 * <p>On a terminal the bar redraws itself in place. Written to a file or a pipe (a log, {@code 2>&1 | tee}, a
 * notebook cell, a cluster's driver log), redrawing with carriage returns would make one endless line, so the bar
 * becomes whole lines instead: the first state, then at most one line every {@value #LINE_INTERVAL_SECONDS}
 * seconds, then the final state. Which one is decided by the system property {@value #MODE_PROPERTY}
 * ({@code bar} or {@code lines}; {@code bin/swa} and {@code jobs/} set it from whether stderr is a terminal),
 * else by whether the JVM has a console.
 */
public final class ConsoleProgress {
  /** {@code bar} (redraw in place) or {@code lines} (one line per update). */
  public static final String MODE_PROPERTY = "swa.progress";
  /** Seconds between two progress lines when the output is not a terminal. */
  public static final int LINE_INTERVAL_SECONDS = 10;
  /** Width of a rendered line when the output is not a terminal (which has no width to ask). */
  static final int LINE_WIDTH = 100;

  private ConsoleProgress() {}

  public static ProgressBar bar(String task, long steps) {
    return builder(task, steps).build();
  }

  /** For bars that need more (a unit, continuous updates) before they are built. */
  public static ProgressBarBuilder builder(String task, long steps) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(linesWanted() ? new LineConsumer(System.err, LINE_INTERVAL_SECONDS * 1_000_000_000L)
            : new ConsoleProgressBarConsumer(System.err))
        .showSpeed();
  }

  /**
   * Shows {@code message} after the bar's figures (e.g. the current loss). The library writes the message right
   * after the speed, so it is set here with the space that keeps "0.3/s loss 2.41" from reading "0.3/sloss 2.41".
   */
  public static void message(ProgressBar bar, String message) {
    bar.setExtraMessage(message.isEmpty() ? message : " " + message);
  }

  /** Whether progress is written as lines: asked for, or no console. */
  static boolean linesWanted() {
    String mode = System.getProperty(MODE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (mode.equals("lines")) {
      return true;
    }
    if (mode.equals("bar")) {
      return false;
    }
    return System.console() == null;
  }

  /** Writes the bar's states as lines, at most one per interval, and always the first and the last. */
  static final class LineConsumer implements ProgressBarConsumer {
    private final PrintStream out;
    private final long intervalNanos;
    private long lastPrinted;
    private String printed;
    private String pending;

    LineConsumer(PrintStream out, long intervalNanos) {
      this.out = out;
      this.intervalNanos = intervalNanos;
    }

    @Override
    public int getMaxRenderedLength() {
      return LINE_WIDTH;
    }

    @Override
    public synchronized void accept(String rendered) {
      long now = System.nanoTime();
      if (printed == null || now - lastPrinted >= intervalNanos) {
        print(rendered, now);
      } else {
        pending = rendered;
      }
    }

    private void print(String line, long now) {
      out.println(line.stripTrailing());
      out.flush();
      printed = line;
      pending = null;
      lastPrinted = now;
    }

    @Override
    public synchronized void close() {
      if (pending != null && !pending.equals(printed)) {
        print(pending, System.nanoTime());
      }
    }
  }
}
