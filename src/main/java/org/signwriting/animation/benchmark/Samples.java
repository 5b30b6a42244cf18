package org.signwriting.animation.benchmark;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Repeated measurements of one thing (milliseconds, or a rate): the median is the figure to quote (one slow or one
 * lucky run does not move it); min and max show the spread.
 */
public record Samples(double[] values) {

  public Samples {
    if (values.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    values = values.clone();
    Arrays.sort(values);
  }

  public static Samples of(double... values) {
    return new Samples(values);
  }

  public double median() {
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  public double min() {
    return values[0];
  }

  public double max() {
    return values[values.length - 1];
  }

  public int count() {
    return values.length;
  }

  /** Each value mapped, e.g. milliseconds per item to items per second. */
  public Samples map(DoubleUnaryOperator f) {
    return new Samples(Arrays.stream(values).map(f).toArray());
  }

  /** {@code median (min-max)} with the given number format, e.g. {@code "%,.0f"}. */
  public String describe(String format) {
    return String.format(Locale.ROOT, format, median()) + " (" + String.format(Locale.ROOT, format, min()) + "-"
        + String.format(Locale.ROOT, format, max()) + ")";
  }

  /** Milliseconds of {@code work}, run once. */
  public static double millis(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e6;
  }
}
