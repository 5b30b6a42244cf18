package org.signwriting.animation.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * Splits work items into batches of about equal weight (largest first into the lightest batch), one batch per
 * Spark task: the tasks then take about the same time, and a task's memory follows its batch's weight.
 */
final class BalancedBatches {
  private BalancedBatches() {}

  /** At least {@code minBatches} (when there are that many items), and batches of about {@code maxWeight}. */
  static <T> List<List<T>> of(List<T> items, ToLongFunction<T> weight, long maxWeight, int minBatches) {
    long total = items.stream().mapToLong(weight).sum();
    int count = (int) Math.max(minBatches, Math.ceil((double) total / Math.max(1, maxWeight)));
    count = Math.max(1, Math.min(count, items.size()));
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingLong(weight).reversed());
    List<List<T>> batches = new ArrayList<>();
    PriorityQueue<long[]> lightest = new PriorityQueue<>(
        Comparator.<long[]>comparingLong(b -> b[0]).thenComparingLong(b -> b[1]));
    for (int i = 0; i < count; i++) {
      batches.add(new ArrayList<>());
      lightest.add(new long[] {0, i});
    }
    for (T item : sorted) {
      long[] batch = lightest.poll();
      batches.get((int) batch[1]).add(item);
      batch[0] += weight.applyAsLong(item);
      lightest.add(batch);
    }
    return batches;
  }
}
