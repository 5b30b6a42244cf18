package org.signwriting.animation.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseHeader;

/**
 * What an evaluation compares: the training sequences (the retrieval baseline's memory), the evaluated
 * sequences, every sign's embedding, and the layout of the prepared poses. Sequences are as prepare-poses wrote
 * them (shoulder-normalized, hands relative to their wrists). The evaluated sequences may be training sequences
 * themselves (the train split evaluated): retrieval leaves the evaluated sign out, so the training sequences
 * must show another sign.
 *
 * @param train the training split's sequences
 * @param test the evaluated split's sequences (any split, train included)
 * @param embeddings sign embeddings by sign id (every sign of train and test)
 * @param header the prepared poses' layout
 */
public record EvaluationData(List<Labeled> train, List<Labeled> test, Map<String, float[]> embeddings,
    PoseHeader header) {

  /** A sequence and the sign it shows. */
  public record Labeled(String id, String signId, String fsw, Sequence sequence) {}

  public EvaluationData {
    train = List.copyOf(train);
    test = List.copyOf(test);
    embeddings = Map.copyOf(embeddings);
    if (test.isEmpty()) {
      throw new IllegalArgumentException("no sequence to evaluate");
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training sequence (the retrieval baseline needs them)");
    }
    Set<String> trainSigns = train.stream().map(Labeled::signId).collect(Collectors.toSet());
    if (trainSigns.size() == 1) {
      String only = trainSigns.iterator().next();
      for (Labeled sample : test) {
        if (sample.signId().equals(only)) {
          throw new IllegalArgumentException("every training sequence shows the sign of " + sample.id() + " (sign_id "
              + only + "): retrieval leaves the evaluated sign out and needs another training sign");
        }
      }
    }
    for (List<Labeled> split : List.of(train, test)) {
      for (Labeled sample : split) {
        if (!embeddings.containsKey(sample.signId())) {
          throw new IllegalArgumentException("no embedding for the sign of " + sample.id() + " (sign_id "
              + sample.signId() + "); run prepare-embeddings on the same transcriptions");
        }
      }
    }
  }
}
