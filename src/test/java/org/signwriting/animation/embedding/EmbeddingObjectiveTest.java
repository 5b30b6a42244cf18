package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EmbeddingObjectiveTest {

  /** Total, symbol and contrastive terms of a batch of two signs rendered twice. */
  private record Values(float total, float symbol, float contrastive) {}

  private static Values terms(float[] embeddings, float[] logits, float[] targets) {
    EmbeddingConfig.Objective settings = new EmbeddingConfig.Objective();
    settings.temperature = 0.1;
    settings.symbolWeight = 2;
    settings.contrastiveWeight = 1;
    try (NDManager manager = NDManager.newBaseManager()) {
      EmbeddingObjective.Terms terms = new EmbeddingObjective(settings).terms(
          new NDList(manager.create(targets, new Shape(4, 1))),
          new NDList(manager.create(embeddings, new Shape(4, 2)), manager.create(logits, new Shape(4, 1))));
      return new Values(terms.total().getFloat(), terms.symbol().getFloat(), terms.contrastive().getFloat());
    }
  }

  @Test
  void matchingRendersScoreNearZeroAndSwappedOnesHigh() {
    // Two signs; rows 0-1 are the first renders, rows 2-3 the second. Lengths do not matter (cosine).
    Values matched = terms(new float[] {1, 0, 0, 3, 2, 0, 0, 1}, new float[4], new float[4]);
    Values swapped = terms(new float[] {1, 0, 0, 3, 0, 1, 2, 0}, new float[4], new float[4]);
    // Similarities 1/0.1 on the matching pair and 0 elsewhere: -log(e^10 / (e^10 + 1)) = log(1 + e^-10).
    assertEquals(Math.log1p(Math.exp(-10)), matched.contrastive(), 1e-6);
    assertEquals(10 + Math.log1p(Math.exp(-10)), swapped.contrastive(), 1e-4);
  }

  @Test
  void symbolTermIsTheBinaryCrossEntropyOfTheLogits() {
    // Logit 0 costs log 2 whatever the target; logit 2 with target 1 costs log(1 + e^-2), with target 0
    // log(1 + e^2).
    Values terms = terms(new float[] {1, 0, 0, 1, 1, 0, 0, 1},
        new float[] {0, 0, 2, 2}, new float[] {1, 0, 1, 0});
    double expected = (2 * Math.log(2) + Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(2))) / 4;
    assertEquals(expected, terms.symbol(), 1e-6);
    assertEquals(2 * expected + terms.contrastive(), terms.total(), 1e-5);
  }
}
