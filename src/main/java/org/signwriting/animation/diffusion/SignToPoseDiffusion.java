package org.signwriting.animation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The denoiser: CAMDM's {@code trans_enc} network adapted the way the seed adapts it. The encoder reads the
 * tokens [diffusion timestep, SignWriting embedding (in place of CAMDM's style), past frames, noisy future
 * frames] with sinusoidal positions, and a linear head turns the last {@code futureFrames} tokens back into
 * poses: the model predicts the clean future x0.
 *
 * <p>Inputs, all batch-first: noisy future {@code (B, futureFrames, points·dims)}, timesteps {@code (B)} int,
 * past {@code (B, pastFrames, points·dims)}, sign embedding {@code (B, signEmbeddingSize)}, and two keep flags
 * {@code (B)}: where {@code keepSign} is 0 the sign token is the learned null embedding (unconditional
 * pretraining, classifier-free guidance), where {@code keepPast} is 0 the past frames are zeroed, as CAMDM
 * drops its past-motion condition. Outputs: x0 {@code (B, futureFrames, points·dims)} and, from the sign
 * embedding alone, the predicted natural logarithm of the sign's frame count {@code (B)}.
 */
public final class SignToPoseDiffusion extends AbstractBlock {

  private static final byte VERSION = 1;

  private final DiffusionConfig.Model config;
  private final float[][] positions;
  private final Linear timeIn;
  private final Linear timeOut;
  private final Linear signProjection;
  private final Parameter nullSign;
  private final Linear pastProjection;
  private final Linear futureProjection;
  private final List<EncoderLayer> layers = new ArrayList<>();
  private final Linear poseHead;
  private final Linear lengthIn;
  private final Linear lengthOut;

  public SignToPoseDiffusion(DiffusionConfig.Model config, int diffusionSteps) {
    super(VERSION);
    this.config = config;
    int latent = config.latentSize();
    positions = sinusoidalPositions(Math.max(config.tokens(), diffusionSteps), latent);
    timeIn = addChildBlock("timeIn", Linear.builder().setUnits(latent).build());
    timeOut = addChildBlock("timeOut", Linear.builder().setUnits(latent).build());
    signProjection = addChildBlock("signProjection", Linear.builder().setUnits(latent).build());
    nullSign = addParameter(Parameter.builder().setName("nullSign").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(latent)).optInitializer(new NormalInitializer(1f)).build());
    pastProjection = addChildBlock("pastProjection", Linear.builder().setUnits(latent).build());
    futureProjection = addChildBlock("futureProjection", Linear.builder().setUnits(latent).build());
    for (int i = 0; i < config.layers(); i++) {
      layers.add(addChildBlock("encoder" + i,
          new EncoderLayer(latent, config.feedForwardSize(), config.heads(), config.dropout())));
    }
    poseHead = addChildBlock("poseHead", Linear.builder().setUnits(config.frameSize()).build());
    lengthIn = addChildBlock("lengthIn", Linear.builder().setUnits(latent).build());
    lengthOut = addChildBlock("lengthOut", Linear.builder().setUnits(1).build());
  }

  public DiffusionConfig.Model config() {
    return config;
  }

  /** Initializes every parameter for this config's shapes. */
  public void initialize(NDManager manager) {
    int frame = config.frameSize();
    initialize(manager, DataType.FLOAT32,
        new Shape(1, config.futureFrames(), frame), new Shape(1), new Shape(1, config.pastFrames(), frame),
        new Shape(1, config.signEmbeddingSize()), new Shape(1), new Shape(1));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray noisyFuture = inputs.get(0);
    NDArray timesteps = inputs.get(1);
    NDArray past = inputs.get(2);
    NDArray sign = inputs.get(3);
    NDArray keepSign = inputs.get(4);
    NDArray keepPast = inputs.get(5);
    NDManager manager = noisyFuture.getManager();
    long batch = noisyFuture.getShape().get(0);
    int latent = config.latentSize();

    NDArray timeCode = manager.create(rows(timesteps.toType(DataType.INT32, false).toIntArray()));
    NDArray time = linear(timeOut, store, Activation.swish(linear(timeIn, store, timeCode, training), 1f),
        training).expandDims(1);

    NDArray keep = keepSign.reshape(batch, 1);
    NDArray nullToken = store.getValue(nullSign, manager.getDevice(), training);
    NDArray signToken = linear(signProjection, store, sign, training).mul(keep)
        .add(nullToken.reshape(1, latent).mul(keep.neg().add(1))).expandDims(1);

    NDArray pastTokens = linear(pastProjection, store, past.mul(keepPast.reshape(batch, 1, 1)), training);
    NDArray futureTokens = linear(futureProjection, store, noisyFuture, training);

    NDArray sequence = NDArrays.concat(new NDList(time, signToken, pastTokens, futureTokens), 1);
    int tokens = config.tokens();
    sequence = sequence.add(manager.create(flatRows(tokens), new Shape(1, tokens, latent)));
    if (training && config.dropout() > 0) {
      sequence = Dropout.dropout(sequence, config.dropout(), true).head();
    }
    for (EncoderLayer layer : layers) {
      sequence = layer.forward(store, new NDList(sequence), training).head();
    }
    NDArray futureOut = sequence.get(new NDIndex(":, {}:, :", tokens - config.futureFrames()));
    NDArray x0 = linear(poseHead, store, futureOut, training);

    NDArray logFrames = linear(lengthOut, store,
        Activation.gelu(linear(lengthIn, store, sign, training)), training).reshape(batch);
    return new NDList(x0, logFrames);
  }

  private static NDArray linear(Linear block, ParameterStore store, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).head();
  }

  private float[][] rows(int[] indices) {
    float[][] selected = new float[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      selected[i] = positions[indices[i]];
    }
    return selected;
  }

  private float[] flatRows(int count) {
    int latent = config.latentSize();
    float[] flat = new float[count * latent];
    for (int i = 0; i < count; i++) {
      System.arraycopy(positions[i], 0, flat, i * latent, latent);
    }
    return flat;
  }

  /** The sinusoidal code of each position: sine on even, cosine on odd features, wavelengths up to 10⁴. */
  static float[][] sinusoidalPositions(int count, int size) {
    float[][] table = new float[count][size];
    for (int position = 0; position < count; position++) {
      for (int i = 0; i < size; i += 2) {
        double angle = position * Math.exp(-i * Math.log(10000.0) / size);
        table[position][i] = (float) Math.sin(angle);
        if (i + 1 < size) {
          table[position][i + 1] = (float) Math.cos(angle);
        }
      }
    }
    return table;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    int latent = config.latentSize();
    Shape latentRow = new Shape(1, latent);
    timeIn.initialize(manager, dataType, latentRow);
    timeOut.initialize(manager, dataType, latentRow);
    signProjection.initialize(manager, dataType, inputShapes[3]);
    pastProjection.initialize(manager, dataType, inputShapes[2]);
    futureProjection.initialize(manager, dataType, inputShapes[0]);
    Shape sequence = new Shape(1, config.tokens(), latent);
    for (EncoderLayer layer : layers) {
      layer.initialize(manager, dataType, sequence);
    }
    poseHead.initialize(manager, dataType, new Shape(1, config.futureFrames(), latent));
    lengthIn.initialize(manager, dataType, inputShapes[3]);
    lengthOut.initialize(manager, dataType, latentRow);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    return new Shape[] {new Shape(batch, config.futureFrames(), config.frameSize()), new Shape(batch)};
  }
}
