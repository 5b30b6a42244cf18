package org.signwriting.animation.util;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The one look of every progress bar: ASCII (safe in logs and notebooks), on stderr so stdout keeps results. */
public final class ConsoleProgress {
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
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed();
  }
}
