package org.signwriting.animation.spark;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** A progress bar on stderr that counts the finished Spark tasks of a job while it runs. */
final class SparkProgress extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final ProgressBar bar;
  private long tasks;
  private boolean closed;

  SparkProgress(SparkSession spark, String task) {
    this.spark = spark;
    this.bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(0)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUnit(" tasks", 1)
        .showSpeed()
        .build();
    spark.sparkContext().addSparkListener(this);
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted stage) {
    tasks += stage.stageInfo().numTasks();
    bar.maxHint(tasks);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    if (task.taskInfo().successful()) {
      bar.step();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    spark.sparkContext().removeSparkListener(this);
    bar.close();
  }
}
