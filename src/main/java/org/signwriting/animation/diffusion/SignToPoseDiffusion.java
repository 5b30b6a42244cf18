package org.signwriting.animation.diffusion;

import ai.djl.MalformedModelException;
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
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.signwriting.animation.signwriting.SymbolTokens;

/**
 * The denoiser: CAMDM's {@code trans_enc} network adapted the way the seed adapts it. The encoder reads the
 * tokens [diffusion timestep, SignWriting embedding (in place of CAMDM's style), the sign's symbols, past frames,
 * noisy future frames] with sinusoidal positions, and a linear head turns the last {@code futureFrames} tokens back
 * into poses: the model predicts the clean future x0.
 *
 * <p>The symbol tokens (a model with {@code symbolSlots} > 0): one per row of the sign's symbols
 * ({@link SymbolTokens}), one linear layer over the base (one-hot, or its name's words), the one-hot fill, rotation
 * and ISWA group and the numbers of its places and size; an empty row is a zero token. The mean of the sign and
 * symbol tokens is also added to every noisy-future token, so each frame to predict reads the sign directly as well
 * as through attention (the first 20 frames of the demo's training signs animated from the mean pose: DTW-MJE 2.60
 * with it after 1,500 steps, 2.80 without after 3,000; the mean pose 2.82).
 *
 * <p>How the symbols are read ({@link DiffusionConfig.Model}): with {@code symbolNames} a base is the words of its
 * Unicode name rather than one id among 652, and with {@code symbolsOnly} the sign is read through its symbols alone,
 * the embedding multiplied by 0 (the sign token is then the projection's bias, one learned token for every sign).
 * A model reading the embedding and the base ids learned its training signs by what tells each apart, not by where
 * their hands are written: on 720 synthetic training signs and 24 held-out ones (3,000 steps, past noise 1.5), the
 * length head was 1.0 frames off on training signs and 23.5 on held-out ones, the held-out DTW-MJE 7.97 against the
 * mean pose's 7.27; reading the symbols alone, with names (bases not seen in training are still read by the
 * fingers, forms and paths they share with others), 6.42 and the length head 14.2 frames off.
 *
 * <p>Inputs, all batch-first: noisy future {@code (B, futureFrames, points·dims)}, timesteps {@code (B)} int,
 * past {@code (B, pastFrames, points·dims)}, the sign's condition {@code (B, conditionSize)} (its embedding, then
 * its symbol rows), and two keep flags {@code (B)}: where {@code keepSign} is 0 the sign and symbol tokens are
 * learned null tokens (unconditional pretraining, classifier-free guidance), where {@code keepPast} is 0 the past
 * frames are zeroed, as CAMDM drops its past-motion condition. Outputs: x0 {@code (B, futureFrames, points·dims)}
 * and, from the sign alone (its embedding and the mean of its symbol tokens), the predicted natural logarithm of the
 * sign's frame count {@code (B)}.
 *
 * <p>A training pass with dropout draws its masks from the seed given as the forward pass's parameter
 * {@link #DROPOUT_SEED} ({@link DropoutMasks}).
 *
 * <p>Products with a number ({@code NDArray.mul(Number)} and what calls it, such as DJL's
 * {@code Activation.swish(x, beta)}) are never applied to arrays that need gradients here: DJL frees the number's
 * array right after the product while autograd still holds it for the backward pass, so the gradients computed
 * once the garbage collector has run are wrong (see {@link DiffusionLoss#scalar}).
 */
public final class SignToPoseDiffusion extends AbstractBlock {

  /**
   * 2: the sign embedding is scaled by {@link #signScale} before its projections; weights of version 1 were
   * trained on the unscaled embedding and are refused rather than read into a model they do not fit.
   */
  private static final byte VERSION = 2;

  /** The forward pass's parameter (a {@code Long}) that seeds a training pass's dropout masks. */
  public static final String DROPOUT_SEED = "dropoutSeed";

  private final DiffusionConfig.Model config;
  private final int diffusionSteps;
  private final float[][] positions;
  /**
   * {@code √signEmbeddingSize}: sign embeddings are L2-normalized (components about {@code 1/√size}), which left
   * the projected sign token nearly the same for every sign beside the unit-sized positional codes, and the model
   * learned to ignore it (measured: the first 20 frames of two signs differed by 0.001, their ground truths by
   * 0.1; swap accuracy 0.44 on the training signs themselves). Scaled, the components have unit variance, like
   * the other inputs, and the model follows its sign (swap accuracy 0.83 on the same run).
   */
  private final float signScale;
  /** With {@code symbolNames}: {@link SymbolTokens#baseWords}, each base's name as words; otherwise null. */
  private final float[] baseWords;
  /** Numbers of a symbol token's input: the base (one-hot or its name's words), fill, rotation, group, the numbers. */
  private final int symbolInputs;
  /**
   * √(inputs / inputs that are not 0): a symbol's input has four ones (the name's words make a unit vector) and
   * seven numbers among hundreds, so its token started about six times smaller than the sign token and the
   * positional codes, as the unscaled sign embedding did (see {@link #signScale}); a two-sign model with only
   * symbols to tell them apart then animated both alike after 400 steps. Scaled, the token starts at the sign
   * token's size.
   */
  private final float symbolScale;
  private final Linear timeIn;
  private final Linear timeOut;
  private final Linear signProjection;
  private final Parameter nullSign;
  private final Linear symbolProjection;
  private final Parameter nullSymbol;
  private final Linear pastProjection;
  private final Linear futureProjection;
  private final List<EncoderLayer> layers = new ArrayList<>();
  private final Linear poseHead;
  private final Linear lengthIn;
  private final Linear lengthOut;
  /** The dropout masks of training passes (one model trains on one thread). */
  private final DropoutMasks dropoutMasks = new DropoutMasks();

  public SignToPoseDiffusion(DiffusionConfig.Model config, int diffusionSteps) {
    super(VERSION);
    this.config = config;
    this.diffusionSteps = diffusionSteps;
    int latent = config.latentSize();
    positions = sinusoidalPositions(Math.max(config.tokens(), diffusionSteps), latent);
    // A model that reads its sign through the symbol rows alone multiplies the embedding by 0: its sign token is
    // then the projection's bias, one learned token for every sign.
    signScale = config.symbolsOnly() ? 0f : (float) Math.sqrt(config.signEmbeddingSize());
    baseWords = config.symbolNames() ? SymbolTokens.baseWords() : null;
    symbolInputs = (config.symbolNames() ? SymbolTokens.NAME_WORDS.size() : SymbolTokens.BASES) + SymbolTokens.FILLS
        + SymbolTokens.ROTATIONS + SymbolTokens.GROUPS + SymbolTokens.FEATURES - SymbolTokens.X;
    symbolScale = (float) Math.sqrt(symbolInputs / (4.0 + SymbolTokens.FEATURES - SymbolTokens.X));
    timeIn = addChildBlock("timeIn", Linear.builder().setUnits(latent).build());
    timeOut = addChildBlock("timeOut", Linear.builder().setUnits(latent).build());
    signProjection = addChildBlock("signProjection", Linear.builder().setUnits(latent).build());
    nullSign = addParameter(Parameter.builder().setName("nullSign").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(latent)).optInitializer(new NormalInitializer(1f)).build());
    symbolProjection = config.symbolSlots() == 0 ? null
        : addChildBlock("symbolProjection", Linear.builder().setUnits(latent).build());
    nullSymbol = config.symbolSlots() == 0 ? null
        : addParameter(Parameter.builder().setName("nullSymbol").setType(Parameter.Type.WEIGHT)
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
        new Shape(1, config.conditionSize()), new Shape(1), new Shape(1));
  }

  @Override
  protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
    if (loadVersion == 1) {
      throw new MalformedModelException("saved by model version 1, which read the sign embedding unscaled and "
          + "did not follow its sign; train the model again");
    }
    super.loadMetadata(loadVersion, is);
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray noisyFuture = inputs.get(0);
    NDArray timesteps = inputs.get(1);
    NDArray past = inputs.get(2);
    NDArray condition = inputs.get(3);
    // The embedding is an input, no gradient flows through it: the product with a number is safe here.
    NDArray sign = embedding(condition).mul(signScale);
    NDArray keepSign = inputs.get(4);
    NDArray keepPast = inputs.get(5);
    NDManager manager = noisyFuture.getManager();
    long batch = noisyFuture.getShape().get(0);
    DropoutMasks masks = training && config.dropout() > 0 ? dropoutMasks : null;
    if (masks != null) {
      Object seed = params == null ? null : params.get(DROPOUT_SEED);
      if (!(seed instanceof Long)) {
        throw new IllegalArgumentException("a training pass with dropout needs its seed (" + DROPOUT_SEED + ")");
      }
      masks.startPass((Long) seed);
    }
    NDArray time = timeTokens(store, manager, timesteps.toType(DataType.INT32, false).toIntArray(), training);
    NDArray signToken = signTokens(store, sign, keepSign, training);
    NDArray symbols = symbolTokens(store, condition, training);
    if (symbols != null) {
      signToken = NDArrays.concat(new NDList(signToken, keptSymbols(store, symbols, keepSign, training)), 1);
    }
    NDArray pastTokens = frames(pastProjection, store, past.mul(keepPast.reshape(batch, 1, 1)),
        config.latentSize(), training);
    NDArray futureTokens = frames(futureProjection, store, noisyFuture, config.latentSize(), training);
    if (symbolProjection != null) {
      futureTokens = futureTokens.add(signToken.mean(new int[] {1}, true));
    }

    NDArray sequence = NDArrays.concat(new NDList(time, signToken, pastTokens, futureTokens), 1);
    sequence = sequence.add(positions(manager, 0, config.tokens()));
    if (masks != null) {
      sequence = masks.apply(sequence, config.dropout());
    }
    // The pose head reads the future tokens only, so the last layer computes those rows alone (see
    // EncoderLayer#forward): the same x0 and gradients, a seventh less arithmetic at the default sizes.
    int last = layers.size() - 1;
    for (int i = 0; i < last; i++) {
      sequence = layers.get(i).forward(store, sequence, training, masks);
    }
    NDArray futureOut = layers.get(last).forward(store, sequence, null, config.futureFrames(), training, masks);
    NDArray x0 = frames(poseHead, store, futureOut, config.frameSize(), training);

    NDArray logFrames = linear(lengthOut, store,
        Activation.gelu(linear(lengthIn, store, lengthInput(sign, symbols), training)), training).reshape(batch);
    return new NDList(x0, logFrames);
  }

  /** The timestep tokens {@code (batch, 1, latent)}: the sinusoidal code of each step through a small MLP. */
  private NDArray timeTokens(ParameterStore store, NDManager manager, int[] timesteps, boolean training) {
    float[][] codes = new float[timesteps.length][];
    for (int i = 0; i < timesteps.length; i++) {
      codes[i] = positions[timesteps[i]];
    }
    NDArray code = manager.create(codes);
    return linear(timeOut, store, swish(linear(timeIn, store, code, training)), training).expandDims(1);
  }

  /** x·σ(x): DJL's {@code Activation.swish(x, 1)} without its product with a number. */
  private static NDArray swish(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /**
   * The sign tokens {@code (batch, 1, latent)}: the projected (scaled) embedding where kept, else the null token.
   */
  private NDArray signTokens(ParameterStore store, NDArray sign, NDArray keepSign, boolean training) {
    long batch = sign.getShape().get(0);
    NDArray keep = keepSign.reshape(batch, 1);
    NDArray nullToken = store.getValue(nullSign, sign.getDevice(), training);
    return linear(signProjection, store, sign, training).mul(keep)
        .add(nullToken.reshape(1, config.latentSize()).mul(keep.neg().add(1))).expandDims(1);
  }

  /** The encoder's embedding: the sign condition's first {@code signEmbeddingSize} numbers. */
  private NDArray embedding(NDArray condition) {
    return config.symbolSlots() == 0 ? condition
        : condition.get(new NDIndex(":, 0:{}", config.signEmbeddingSize()));
  }

  /**
   * The symbol tokens {@code (batch, slots, latent)} of the condition's symbol rows ({@link SymbolTokens}): one
   * linear layer over the base (one-hot, or its name's words), the one-hot fill, rotation and group, and the places
   * and sizes, zero for empty rows; null when the model reads no symbols.
   */
  private NDArray symbolTokens(ParameterStore store, NDArray condition, boolean training) {
    int slots = config.symbolSlots();
    if (slots == 0) {
      return null;
    }
    long batch = condition.getShape().get(0);
    int f = SymbolTokens.FEATURES;
    NDArray rows = condition.get(new NDIndex(":, {}:", config.signEmbeddingSize())).reshape(batch * slots, f);
    NDArray present = rows.get(new NDIndex(":, {}:{}", SymbolTokens.PRESENT, SymbolTokens.PRESENT + 1));
    // An input, no gradient flows through it: the product with a number is safe here.
    NDArray features = NDArrays.concat(new NDList(
        base(rows), oneHot(rows, SymbolTokens.FILL, SymbolTokens.FILLS),
        oneHot(rows, SymbolTokens.ROTATION, SymbolTokens.ROTATIONS),
        oneHot(rows, SymbolTokens.GROUP, SymbolTokens.GROUPS),
        rows.get(new NDIndex(":, {}:", SymbolTokens.X))), 1).mul(symbolScale);
    return linear(symbolProjection, store, features, training).mul(present).reshape(batch, slots,
        config.latentSize());
  }

  /**
   * The base of each row: its one-hot id, or with {@code symbolNames} the words of its name, its row of
   * {@link SymbolTokens#baseWords} picked by id (not the one-hot's product with the table, 652 × 236 products a row).
   */
  private NDArray base(NDArray rows) {
    if (baseWords == null) {
      return oneHot(rows, SymbolTokens.BASE, SymbolTokens.BASES);
    }
    NDArray ids = rows.get(new NDIndex(":, {}", SymbolTokens.BASE)).toType(DataType.INT64, false);
    return rows.getManager().create(baseWords, new Shape(SymbolTokens.BASES, SymbolTokens.NAME_WORDS.size()))
        .get(ids);
  }

  private static NDArray oneHot(NDArray rows, int column, int values) {
    return rows.get(new NDIndex(":, {}", column)).toType(DataType.INT64, false).oneHot(values);
  }

  /** Symbol tokens where the sign is kept, the learned null symbol where it is dropped. */
  private NDArray keptSymbols(ParameterStore store, NDArray symbols, NDArray keepSign, boolean training) {
    long batch = symbols.getShape().get(0);
    NDArray keep = keepSign.reshape(batch, 1, 1);
    NDArray nullToken = store.getValue(nullSymbol, symbols.getDevice(), training);
    return symbols.mul(keep).add(nullToken.reshape(1, 1, config.latentSize()).mul(keep.neg().add(1)));
  }

  /**
   * The length head's input: the scaled embedding and, with symbols, the mean of their tokens over the slots (empty
   * slots are zero tokens, so it still grows with the number of symbols). The sum, 12 tokens at the sign token's size,
   * put the demo's length head 92 frames off on held-out signs.
   */
  private static NDArray lengthInput(NDArray sign, NDArray symbols) {
    return symbols == null ? sign : NDArrays.concat(new NDList(sign, symbols.mean(new int[] {1})), 1);
  }

  /** Positions {@code from .. from + count - 1} as {@code (1, count, latent)}. */
  private NDArray positions(NDManager manager, int from, int count) {
    int latent = config.latentSize();
    float[] flat = new float[count * latent];
    for (int i = 0; i < count; i++) {
      System.arraycopy(positions[from + i], 0, flat, i * latent, latent);
    }
    return manager.create(flat, new Shape(1, count, latent));
  }

  private static NDArray linear(Linear block, ParameterStore store, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).head();
  }

  /** A linear layer over {@code (batch, frames, features)} as one matrix product of its rows. */
  private static NDArray frames(Linear block, ParameterStore store, NDArray x, int units, boolean training) {
    Shape shape = x.getShape();
    return linear(block, store, x.reshape(shape.get(0) * shape.get(1), shape.get(2)), training)
        .reshape(shape.get(0), shape.get(1), units);
  }

  /**
   * Sampling's denoiser for {@code past} {@code (n, pastFrames, frameSize)} and {@code sign}
   * {@code (n, conditionSize)}: x_t → x0, with classifier-free guidance when {@code guided}. It computes
   * what {@link #forward} computes for the conditional rows (sign where {@code keepSign}, past kept) and, when
   * guided, the unconditional ones (null sign, no past), and combines them, with less arithmetic:
   *
   * <ul>
   *   <li>the sign, symbol and past tokens, and their query-key-value rows in the first encoder layer, are
   *       computed once for all the steps of the sampling loop;
   *   <li>the timestep and noisy-future tokens are the same in both halves of a guided batch, so their
   *       projections and first-layer query-key-value rows are computed once for both (a model with symbols
   *       adds each row's own sign to its future tokens: the projections are shared, the query-key-value rows
   *       are not);
   *   <li>the last encoder layer computes its output for the future tokens only, the rows the pose head reads;
   *   <li>guidance extrapolates the last layer's future rows ({@code u + scale · (c − u)}) and the pose head runs
   *       once: the head is affine, so this equals extrapolating the two heads' outputs.
   * </ul>
   *
   * About a fifth less arithmetic per step than {@link #forward} on the doubled batch; the results agree with it
   * to float rounding ({@code SignToPoseDiffusionTest}).
   */
  final class Sampling {
    private final ParameterStore store;
    private final NDManager manager;
    private final int samples;
    private final boolean guided;
    /**
     * Sign, symbol and past tokens of each row, positions added: {@code (rows, 1 + symbolSlots + pastFrames,
     * latent)}.
     */
    private final NDArray conditions;
    /** Their first-layer query-key-value rows, {@code (rows, 1 + symbolSlots + pastFrames, 3 · latent)}. */
    private final NDArray conditionsQkv;
    /** The timestep token of every step, position added: {@code (steps, 1, latent)}. */
    private final NDArray timeTokens;
    /** The positions of the future tokens, {@code (1, futureFrames, latent)}. */
    private final NDArray futurePositions;
    /** With symbols: each row's mean sign and symbol token, added to its future tokens, {@code (rows, 1, latent)}. */
    private final NDArray futureBias;

    Sampling(ParameterStore store, NDArray past, NDArray sign, float[] keepSign, boolean guided) {
      this.store = store;
      this.manager = past.getManager();
      this.samples = Math.toIntExact(past.getShape().get(0));
      this.guided = guided;
      int latent = config.latentSize();
      NDArray scaledSign = embedding(sign).mul(signScale);
      NDArray keep = manager.create(keepSign);
      NDArray symbols = symbolTokens(store, sign, false);
      NDArray signTokens = signTokens(store, scaledSign, keep, false);
      if (symbols != null) {
        signTokens = NDArrays.concat(new NDList(signTokens, keptSymbols(store, symbols, keep, false)), 1);
      }
      NDArray pastTokens = frames(pastProjection, store, past, latent, false);
      NDArray bias = symbols != null ? signTokens.mean(new int[] {1}, true) : null;
      if (guided) {
        NDArray drop = manager.zeros(new Shape(samples));
        NDArray nullSigns = signTokens(store, scaledSign, drop, false);
        if (symbols != null) {
          nullSigns = NDArrays.concat(new NDList(nullSigns, keptSymbols(store, symbols, drop, false)), 1);
        }
        NDArray noPast = frames(pastProjection, store, manager.zeros(past.getShape()), latent, false);
        signTokens = NDArrays.concat(new NDList(signTokens, nullSigns));
        pastTokens = NDArrays.concat(new NDList(pastTokens, noPast));
        if (bias != null) {
          bias = NDArrays.concat(new NDList(bias, nullSigns.mean(new int[] {1}, true)));
        }
      }
      futureBias = bias;
      conditions = NDArrays.concat(new NDList(signTokens, pastTokens), 1)
          .add(positions(manager, 1, 1 + config.symbolSlots() + config.pastFrames()));
      Shape shape = conditions.getShape();
      conditionsQkv = layers.get(0).queryKeyValue(store, conditions.reshape(shape.get(0) * shape.get(1), latent))
          .reshape(shape.get(0), shape.get(1), 3L * latent);
      int[] steps = new int[diffusionSteps];
      Arrays.setAll(steps, t -> t);
      timeTokens = timeTokens(store, manager, steps, false).add(positions(manager, 0, 1));
      futurePositions = positions(manager, config.tokens() - config.futureFrames(), config.futureFrames());
    }

    /**
     * x0 {@code (n, futureFrames, frameSize)} for the noisy future {@code x} at step {@code t}: guided,
     * {@code u + scale · (c − u)}; else the conditional prediction.
     */
    NDArray x0(NDArray x, int t, float scale) {
      int latent = config.latentSize();
      int future = config.futureFrames();
      int tokens = config.tokens();
      // Timestep and future tokens, shared by the two halves of a guided batch: (n, 1 + future, latent), with
      // their first-layer query-key-value rows; with symbols each row adds its own sign to its future tokens, so
      // the halves differ and each gets its own rows.
      NDArray time = timeTokens.get(new NDIndex("{}:{}", t, t + 1)).repeat(0, samples);
      NDArray futureTokens = frames(futureProjection, store, x, latent, false).add(futurePositions);
      NDArray varying = NDArrays.concat(new NDList(time, futureTokens), 1);
      if (futureBias != null) {
        if (guided) {
          varying = NDArrays.concat(new NDList(varying, varying));
        }
        varying = NDArrays.concat(new NDList(varying.get(new NDIndex(":, 0:1")),
            varying.get(new NDIndex(":, 1:")).add(futureBias)), 1);
      }
      long rows = varying.getShape().get(0);
      NDArray varyingQkv = layers.get(0).queryKeyValue(store, varying.reshape(rows * (1L + future), latent))
          .reshape(rows, 1 + future, 3L * latent);
      if (guided && futureBias == null) {
        varying = NDArrays.concat(new NDList(varying, varying));
        varyingQkv = NDArrays.concat(new NDList(varyingQkv, varyingQkv));
      }
      NDArray sequence = inOrder(varying, conditions);
      NDArray qkv = inOrder(varyingQkv, conditionsQkv);
      int last = layers.size() - 1;
      for (int i = 0; i <= last; i++) {
        sequence = layers.get(i).forward(store, sequence, i == 0 ? qkv : null, i == last ? future : tokens,
            false, null);
      }
      NDArray hidden = sequence;
      if (guided) {
        NDArray conditional = sequence.get(new NDIndex("0:{}", samples));
        NDArray unconditional = sequence.get(new NDIndex("{}:", samples));
        hidden = unconditional.add(conditional.sub(unconditional).muli(scale));
      }
      return frames(poseHead, store, hidden, config.frameSize(), false);
    }

    /** The token order [time, sign, symbols, past, future] from the varying [time, future] and the fixed rows. */
    private NDArray inOrder(NDArray varying, NDArray fixed) {
      return NDArrays.concat(new NDList(varying.get(new NDIndex(":, 0:1")), fixed,
          varying.get(new NDIndex(":, 1:"))), 1);
    }
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
    Shape embedding = new Shape(1, config.signEmbeddingSize());
    signProjection.initialize(manager, dataType, embedding);
    if (symbolProjection != null) {
      symbolProjection.initialize(manager, dataType, new Shape(1, symbolInputs));
    }
    pastProjection.initialize(manager, dataType, inputShapes[2]);
    futureProjection.initialize(manager, dataType, inputShapes[0]);
    Shape sequence = new Shape(1, config.tokens(), latent);
    for (EncoderLayer layer : layers) {
      layer.initialize(manager, dataType, sequence);
    }
    poseHead.initialize(manager, dataType, new Shape(1, config.futureFrames(), latent));
    lengthIn.initialize(manager, dataType, new Shape(1, config.signEmbeddingSize()
        + (symbolProjection == null ? 0 : latent)));
    lengthOut.initialize(manager, dataType, latentRow);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    return new Shape[] {new Shape(batch, config.futureFrames(), config.frameSize()), new Shape(batch)};
  }
}
