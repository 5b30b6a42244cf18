package org.signwriting.animation.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The training objective over a batch of 2B predictions: rows {@code 0..B-1} and {@code B..2B-1} are two
 * independently jittered renders of the same B signs.
 *
 * <ul>
 *   <li>symbol term: binary cross-entropy of the {@link SymbolLabels} predicted from the embedding, so the
 *       embedding must carry what the sign says;
 *   <li>contrastive term: InfoNCE between the two renders (cosine similarity over a temperature, both
 *       directions), so harmless rendering changes barely move the embedding while different signs stay
 *       apart.
 * </ul>
 */
public final class EmbeddingObjective extends Loss {
  private final float symbolWeight;
  private final float contrastiveWeight;
  private final float temperature;

  public EmbeddingObjective(EmbeddingConfig.Objective objective) {
    super("embedding-objective");
    this.symbolWeight = (float) objective.symbolWeight;
    this.contrastiveWeight = (float) objective.contrastiveWeight;
    this.temperature = (float) objective.temperature;
  }

  /** Labels [multi-hot (2B, L)], predictions [embedding (2B, E), logits (2B, L)]: the weighted sum. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return terms(labels, predictions).total();
  }

  /** The objective and its two terms, unweighted, as scalars. */
  public Terms terms(NDList labels, NDList predictions) {
    NDArray embeddings = predictions.get(0);
    NDArray logits = predictions.get(1);
    NDArray targets = labels.singletonOrThrow();
    NDArray symbol = binaryCrossEntropy(logits, targets);
    NDArray contrastive = infoNce(embeddings);
    NDArray total = symbol.mul(symbolWeight).add(contrastive.mul(contrastiveWeight));
    return new Terms(total, symbol, contrastive);
  }

  /** The three scalars of one batch. */
  public record Terms(NDArray total, NDArray symbol, NDArray contrastive) {}

  /** Mean over all labels of the numerically stable log-loss on logits. */
  private static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
    NDArray softplusOfMinusAbs = logits.abs().neg().exp().add(1).log();
    return logits.maximum(0).sub(logits.mul(targets)).add(softplusOfMinusAbs).mean();
  }

  private NDArray infoNce(NDArray embeddings) {
    long pairs = embeddings.getShape().get(0) / 2;
    NDArray unit = l2Normalize(embeddings);
    NDArray first = unit.get("0:" + pairs);
    NDArray second = unit.get(pairs + ":");
    NDArray similarity = first.matMul(second.transpose()).div(temperature);
    NDArray matches = embeddings.getManager().eye((int) pairs);
    NDArray firstToSecond = similarity.logSoftmax(1).mul(matches).sum();
    NDArray secondToFirst = similarity.transpose().logSoftmax(1).mul(matches).sum();
    return firstToSecond.add(secondToFirst).neg().div(2 * pairs);
  }

  /** Rows scaled to unit length (a zero row stays zero). */
  public static NDArray l2Normalize(NDArray rows) {
    return rows.div(rows.norm(new int[] {1}, true).maximum(1e-12f));
  }
}
