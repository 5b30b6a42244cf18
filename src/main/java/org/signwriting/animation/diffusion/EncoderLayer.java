package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One post-norm Transformer encoder layer over {@code (batch, tokens, latent)}: multi-head self-attention
 * with one fused query-key-value projection, then a GELU feed-forward, each followed by dropout, a residual
 * connection and layer normalization (the layout of PyTorch's {@code TransformerEncoderLayer}, which CAMDM
 * uses, so the two engines' benchmarks compare the same computation).
 */
final class EncoderLayer extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int latentSize;
  private final int heads;
  private final int feedForwardSize;
  private final float dropout;
  private final Linear queryKeyValue;
  private final Linear attentionOutput;
  private final LayerNorm attentionNorm;
  private final Linear feedForwardIn;
  private final Linear feedForwardOut;
  private final LayerNorm feedForwardNorm;

  EncoderLayer(int latentSize, int feedForwardSize, int heads, float dropout) {
    super(VERSION);
    this.latentSize = latentSize;
    this.heads = heads;
    this.feedForwardSize = feedForwardSize;
    this.dropout = dropout;
    queryKeyValue = addChildBlock("queryKeyValue", Linear.builder().setUnits(3L * latentSize).build());
    attentionOutput = addChildBlock("attentionOutput", Linear.builder().setUnits(latentSize).build());
    attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
    feedForwardIn = addChildBlock("feedForwardIn", Linear.builder().setUnits(feedForwardSize).build());
    feedForwardOut = addChildBlock("feedForwardOut", Linear.builder().setUnits(latentSize).build());
    feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long batch = x.getShape().get(0);
    long tokens = x.getShape().get(1);
    long headSize = latentSize / heads;
    NDList qkv = queryKeyValue.forward(store, new NDList(x), training).head().split(3, 2);
    NDArray query = splitHeads(qkv.get(0), batch, tokens, headSize);
    NDArray key = splitHeads(qkv.get(1), batch, tokens, headSize);
    NDArray value = splitHeads(qkv.get(2), batch, tokens, headSize);
    NDArray weights = query.matMul(key.transpose(0, 1, 3, 2)).muli(1.0 / Math.sqrt(headSize)).softmax(-1);
    weights = dropout(weights, training);
    NDArray context = weights.matMul(value).transpose(0, 2, 1, 3).reshape(batch, tokens, latentSize);
    NDArray attended = attentionOutput.forward(store, new NDList(context), training).head();
    x = attentionNorm.forward(store, new NDList(x.add(dropout(attended, training))), training).head();
    NDArray hidden = Activation.gelu(feedForwardIn.forward(store, new NDList(x), training).head());
    NDArray fed = feedForwardOut.forward(store, new NDList(dropout(hidden, training)), training).head();
    return feedForwardNorm.forward(store, new NDList(x.add(dropout(fed, training))), training);
  }

  private static NDArray splitHeads(NDArray x, long batch, long tokens, long headSize) {
    return x.reshape(batch, tokens, -1, headSize).transpose(0, 2, 1, 3);
  }

  private NDArray dropout(NDArray x, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(x, dropout, true).head() : x;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape sequence = inputShapes[0];
    Shape wide = new Shape(sequence.get(0), sequence.get(1), feedForwardSize);
    queryKeyValue.initialize(manager, dataType, sequence);
    attentionOutput.initialize(manager, dataType, sequence);
    attentionNorm.initialize(manager, dataType, sequence);
    feedForwardIn.initialize(manager, dataType, sequence);
    feedForwardOut.initialize(manager, dataType, wide);
    feedForwardNorm.initialize(manager, dataType, sequence);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
