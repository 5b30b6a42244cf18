package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
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
    return new NDList(forward(store, inputs.singletonOrThrow(), training, null));
  }

  /**
   * The layer over {@code x} {@code (batch, tokens, latent)}; {@code masks} draws the dropout masks in training
   * (null: no dropout). The linear layers see {@code (batch · tokens, features)} rows, so each is one matrix
   * product with its bias (addmm), and the heads are laid out once, contiguous, for batched products.
   */
  NDArray forward(ParameterStore store, NDArray x, boolean training, DropoutMasks masks) {
    return forward(store, x, null, Math.toIntExact(x.getShape().get(1)), training, masks);
  }

  /** The query-key-value projection of {@code rows} {@code (n, latent)}: {@code (n, 3 · latent)}. */
  NDArray queryKeyValue(ParameterStore store, NDArray rows) {
    return linear(queryKeyValue, store, rows, false);
  }

  /**
   * The layer's output for the last {@code queries} tokens only, {@code (batch, queries, latent)}: every token
   * is attended to, but the attention, the feed-forward and the norms run for those rows alone (each row's
   * output depends on the others only through the keys and values). {@code qkv} is the query-key-value
   * projection of {@code x}'s rows when the caller has it ({@code (batch, tokens, 3 · latent)}), else null.
   */
  NDArray forward(ParameterStore store, NDArray x, NDArray qkv, int queries, boolean training,
      DropoutMasks masks) {
    long batch = x.getShape().get(0);
    long tokens = x.getShape().get(1);
    long headSize = latentSize / heads;
    NDArray rows = x.reshape(batch * tokens, latentSize);
    NDArray residual = queries < tokens
        ? x.get(new NDIndex(":, {}:, :", tokens - queries)).reshape(batch * queries, latentSize) : rows;
    NDArray query;
    NDArray key;
    NDArray value;
    if (qkv == null && queries < tokens) {
      // Queries of the kept rows only; keys and values of every row.
      NDArray weight = store.getValue(queryKeyValue.getParameters().get("weight"), x.getDevice(), training);
      NDArray bias = store.getValue(queryKeyValue.getParameters().get("bias"), x.getDevice(), training);
      NDIndex queryPart = new NDIndex("0:{}", latentSize);
      NDIndex keyValuePart = new NDIndex("{}:", latentSize);
      query = Linear.linear(residual, weight.get(queryPart), bias.get(queryPart)).head()
          .reshape(batch, queries, heads, headSize).transpose(0, 2, 1, 3).reshape(batch * heads, queries, headSize);
      NDList keyValue = Linear.linear(rows, weight.get(keyValuePart), bias.get(keyValuePart)).head()
          .reshape(batch, tokens, 2, heads, headSize).transpose(2, 0, 3, 1, 4)
          .reshape(2, batch * heads, tokens, headSize).split(2);
      key = keyValue.get(0).reshape(batch * heads, tokens, headSize);
      value = keyValue.get(1).reshape(batch * heads, tokens, headSize);
    } else {
      if (qkv == null) {
        qkv = linear(queryKeyValue, store, rows, training);
      }
      // (rows, 3 · latent) -> (3, batch · heads, tokens, headSize): one copy lays out all three.
      NDList split = qkv.reshape(batch, tokens, 3, heads, headSize).transpose(2, 0, 3, 1, 4)
          .reshape(3, batch * heads, tokens, headSize).split(3);
      query = split.get(0).reshape(batch * heads, tokens, headSize);
      key = split.get(1).reshape(batch * heads, tokens, headSize);
      value = split.get(2).reshape(batch * heads, tokens, headSize);
      if (queries < tokens) {
        query = query.get(new NDIndex(":, {}:, :", tokens - queries));
      }
    }
    // The scale is an array of the pass's manager: a product with a number loses it before the backward pass.
    NDArray weights = query.batchMatMul(key.transpose(0, 2, 1))
        .mul(DiffusionLoss.scalar(query, (float) (1.0 / Math.sqrt(headSize)))).softmax(-1);
    weights = dropout(weights, masks);
    NDArray context = weights.batchMatMul(value).reshape(batch, heads, queries, headSize).transpose(0, 2, 1, 3)
        .reshape(batch * queries, latentSize);
    NDArray attended = dropout(linear(attentionOutput, store, context, training), masks);
    NDArray normed = norm(attentionNorm, store, residual.add(attended), batch, queries, training);
    NDArray hidden = dropout(Activation.gelu(linear(feedForwardIn, store, normed, training)), masks);
    NDArray fed = dropout(linear(feedForwardOut, store, hidden, training), masks);
    return norm(feedForwardNorm, store, normed.add(fed), batch, queries, training).reshape(batch, queries,
        latentSize);
  }

  private static NDArray linear(Linear block, ParameterStore store, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).head();
  }

  /** Layer normalization of {@code (batch · tokens, latent)} rows, as the {@code (batch, tokens, latent)} it was. */
  private NDArray norm(LayerNorm block, ParameterStore store, NDArray rows, long batch, long tokens,
      boolean training) {
    return block.forward(store, new NDList(rows.reshape(batch, tokens, latentSize)), training).head()
        .reshape(batch * tokens, latentSize);
  }

  private NDArray dropout(NDArray x, DropoutMasks masks) {
    return masks != null && dropout > 0 ? masks.apply(x, dropout) : x;
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
