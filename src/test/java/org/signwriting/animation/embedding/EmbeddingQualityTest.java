package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingQualityTest {

  @Test
  void recallCountsQueriesWhoseNearestReferenceIsTheirOwn() {
    float[][] references = {{1, 0}, {0, 1}, {-1, 0}};
    // Query 0 is nearest to reference 0, query 1 to reference 0 (a miss), query 2 to reference 2.
    float[][] queries = {{2, 0.1f}, {1, 0.2f}, {-3, 1}};
    assertEquals(2 / 3.0, EmbeddingQuality.recallAt1(references, queries), 1e-12);
  }

  @Test
  void aucIsOneForPerfectScoresAndHalfForTies() {
    float[][] labels = {{1, 1}, {0, 1}, {1, 0}, {0, 0}};
    double[][] perfect = {{5, 0}, {-1, 0}, {3, 0}, {0, 0}};
    // Label 0 is ranked perfectly; label 1 ties everywhere (0.5).
    assertEquals(0.75, LinearProbe.meanAuc(perfect, labels), 1e-12);
  }

  @Test
  void theProbeReadsALinearLabelOnUnseenExamples() {
    Random random = new Random(3);
    int n = 400;
    float[][] features = new float[n][20];
    float[][] labels = new float[n][1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 20; j++) {
        features[i][j] = (float) random.nextGaussian();
      }
      labels[i][0] = features[i][3] - features[i][7] > 0 ? 1 : 0;
    }
    LinearProbe probe = LinearProbe.fit(java.util.Arrays.copyOfRange(features, 0, 200),
        java.util.Arrays.copyOfRange(labels, 0, 200));
    double auc = LinearProbe.meanAuc(probe.scores(java.util.Arrays.copyOfRange(features, 200, n)),
        java.util.Arrays.copyOfRange(labels, 200, n));
    assertTrue(auc > 0.97, "AUC " + auc);
  }
}
