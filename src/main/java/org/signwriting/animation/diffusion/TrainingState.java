package org.signwriting.animation.diffusion;

import java.io.Serializable;
import java.util.List;

/**
 * The whole training state as bytes, what {@code checkpoint.bin} holds and what a cluster's driver receives,
 * writes and broadcasts without loading a model: the step reached, the metrics rows so far, the weights and the
 * EMA weights (each as DJL writes a block's parameters, the content of {@code weights.params} and
 * {@code ema-weights.params}) and AdamW's two moments per parameter (a DJL {@code NDList} encoding).
 */
public record TrainingState(int step, List<TrainingMetrics.Row> metrics, byte[] weights, byte[] ema,
    byte[] moments) implements Serializable {

  public TrainingState {
    metrics = List.copyOf(metrics);
  }

  /** The same state with one more metrics row. */
  public TrainingState withRow(TrainingMetrics.Row row) {
    List<TrainingMetrics.Row> rows = new java.util.ArrayList<>(metrics);
    rows.add(row);
    return new TrainingState(step, rows, weights, ema, moments);
  }
}
