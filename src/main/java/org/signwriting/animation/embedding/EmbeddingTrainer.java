package org.signwriting.animation.embedding;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.signwriting.animation.embedding.SignCorpus.RenderedSign;

/**
 * Trains the encoder on rendered signs: each step takes B signs, renders each twice with independent
 * {@link RenderJitter}, and minimizes the {@link EmbeddingObjective}. Everything random (initial weights,
 * sign order, jitter) derives from the seed, so the same seed and inputs give the same model.
 */
public final class EmbeddingTrainer {

  /** Limits of a run: whichever of steps and epochs ends first; the seed fixes everything random. */
  public record Bounds(int maxSteps, int epochs, long seed) {}

  /** The objective of one step, with its terms. */
  public record StepLoss(int step, int epoch, float total, float symbol, float contrastive) {}

  /** Hears about a run as it goes (the command line shows a progress bar). */
  public interface Listener {
    void started(int totalSteps, int signs, int batchSize);

    void stepDone(StepLoss loss);
  }

  private EmbeddingTrainer() {}

  /** The number of steps a run will take. */
  public static int totalSteps(int signCount, int batchSize, Bounds bounds) {
    int batch = Math.min(batchSize, signCount);
    int stepsPerEpoch = signCount / batch;
    return (int) Math.min(bounds.maxSteps(), (long) stepsPerEpoch * bounds.epochs());
  }

  /**
   * Trains and writes the encoder into {@code modelDir} (see {@link EncoderModel#save}); returns the loss
   * of every step.
   */
  public static List<StepLoss> train(EmbeddingConfig config, List<RenderedSign> signs, Bounds bounds,
      Path modelDir, Listener listener) throws IOException {
    if (signs.size() < 2) {
      throw new IllegalArgumentException(
          "training needs at least 2 distinct signs (outside the evaluation hold-out), got " + signs.size());
    }
    int batch = Math.min(config.training.batchSize, signs.size());
    int stepsPerEpoch = signs.size() / batch;
    int totalSteps = totalSteps(signs.size(), config.training.batchSize, bounds);
    listener.started(totalSteps, signs.size(), batch);

    Engine.getInstance().setRandomSeed((int) bounds.seed());
    EncoderInput input = new EncoderInput(config);
    RenderJitter jitter = RenderJitter.of(config.jitter);
    EmbeddingObjective objective = new EmbeddingObjective(config.objective);
    SequentialBlock encoder = EncoderNetwork.encoder(config);
    Tracker learningRate = Tracker.cosine()
        .setBaseValue((float) config.training.learningRate)
        .optFinalValue((float) config.training.learningRate * 0.02f)
        .setMaxUpdates(Math.max(1, totalSteps))
        .build();
    DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(objective)
        .optDevices(new Device[] {Device.cpu()})
        .optOptimizer(Optimizer.adamW()
            .optLearningRateTracker(learningRate)
            .optWeightDecays((float) config.training.weightDecay)
            .build());

    List<StepLoss> losses = new ArrayList<>(totalSteps);
    try (Model model = Model.newInstance("embedding-training", Device.cpu())) {
      model.setBlock(EncoderNetwork.withLabelHead(encoder, SymbolLabels.SIZE));
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(EncoderNetwork.inputShape(config, 2 * batch));
        List<Integer> order = new ArrayList<>();
        int epoch = -1;
        for (int step = 0; step < totalSteps; step++) {
          if (step % stepsPerEpoch == 0) {
            epoch++;
            order = shuffled(signs.size(), mix(bounds.seed(), epoch, -1, -1));
          }
          int first = (step % stepsPerEpoch) * batch;
          List<RenderedSign> chosen = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            chosen.add(signs.get(order.get(first + i)));
          }
          losses.add(step(trainer, objective, input, jitter, chosen, step, epoch, bounds.seed()));
          listener.stepDone(losses.get(losses.size() - 1));
        }
      }
      EncoderModel.save(modelDir, config, encoder);
    }
    return losses;
  }

  private static StepLoss step(Trainer trainer, EmbeddingObjective objective, EncoderInput input,
      RenderJitter jitter, List<RenderedSign> chosen, int step, int epoch, long seed) {
    int batch = chosen.size();
    int pixels = input.inputSize() * input.inputSize();
    float[] images = new float[2 * batch * pixels];
    float[] labels = new float[2 * batch * SymbolLabels.SIZE];
    // Row v·B + i is view v of sign i; each render has its own random state, so the batch is the same
    // whichever thread prepares it.
    IntStream.range(0, 2 * batch).parallel().forEach(row -> {
      RenderedSign sign = chosen.get(row % batch);
      Random random = new Random(mix(seed, step, row % batch, row / batch));
      float[] view = input.pixels(jitter.apply(sign.ink(), random));
      System.arraycopy(view, 0, images, row * pixels, pixels);
      System.arraycopy(sign.labels(), 0, labels, row * SymbolLabels.SIZE, SymbolLabels.SIZE);
    });
    try (NDManager stepManager = trainer.getManager().newSubManager()) {
      NDArray x = stepManager.create(images, new Shape(2L * batch, 1, input.inputSize(), input.inputSize()));
      NDArray y = stepManager.create(labels, new Shape(2L * batch, SymbolLabels.SIZE));
      StepLoss loss;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(new NDList(x));
        EmbeddingObjective.Terms terms = objective.terms(new NDList(y), predictions);
        collector.backward(terms.total());
        loss = new StepLoss(step, epoch, terms.total().getFloat(), terms.symbol().getFloat(),
            terms.contrastive().getFloat());
      }
      if (!Float.isFinite(loss.total())) {
        throw new IllegalStateException("training diverged: loss " + loss.total() + " at step " + step
            + "; lower training.learningRate in the config");
      }
      trainer.step();
      return loss;
    }
  }

  private static List<Integer> shuffled(int size, long seed) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  /** A well-spread seed for one use of randomness, from the run's seed and where it is used. */
  static long mix(long seed, long a, long b, long c) {
    long h = seed;
    for (long v : new long[] {a, b, c}) {
      h = (h ^ v) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 31;
    }
    return h;
  }
}
