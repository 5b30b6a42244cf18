package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.embedding.SignEmbedder;
import org.signwriting.animation.embedding.SignEmbedders;
import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.signwriting.SignRenderer;

/**
 * One training run of the diffusion model, from prepared data to a model folder that {@link SignAnimator} opens:
 *
 * <ol>
 *   <li>the model config takes the data's shape (points, dims, sign embedding size);
 *   <li>conditioned training checks that the sign encoder reproduces the data's embeddings (animate embeds with
 *       the copy of it that the folder keeps);
 *   <li>the pose statistics come from a pose-stats file, else from the sequences trained on;
 *   <li>validation runs on the first dev sequences, or on the first train sequences (with a note) without a dev
 *       split;
 *   <li>the data trains where it is ({@link TrainingData#train}): in this JVM, or on a cluster's executors;
 *   <li>the folder is completed: pose header at the training fps, training motion, a copy of the encoder.
 * </ol>
 *
 * {@code swa train} only parses its arguments into {@link Settings} and picks the data's reader.
 */
public final class TrainingRun {
  public static final String TRAIN = "train";
  public static final String DEV = "dev";
  /** Sequences validated at each checkpoint, at most. */
  public static final int VALIDATION_SEQUENCES = 16;

  /**
   * What to train and where to write it.
   *
   * @param modelFolder where the model, its checkpoint and its metrics are written
   * @param config sizes and training settings; the model's points, dims and sign size are replaced by the data's
   * @param poseStats a pose statistics JSON ({@code pose-stats}' {@code pose_stats.json}), or null to compute them
   *     from the sequences trained on
   * @param embeddingModel the sign encoder that made the data's embeddings (null for unconditional training)
   * @param options seed, length, pretraining, resume or initialization
   * @param inputs every location the run reads, as the user named it (the poses, the transcription CSV, the
   *     embeddings, the pose statistics, the encoder, the model initialized from, the config file): paths of this
   *     machine or URIs; the model folder may not be, contain or lie inside any of them
   */
  public record Settings(Path modelFolder, DiffusionConfig config, Path poseStats, Path embeddingModel,
      DiffusionTrainer.Options options, List<String> inputs) {}

  /** What the run did: the trainer's result, and the config and statistics it used. */
  public record Outcome(DiffusionTrainer.Result result, DiffusionConfig config, PoseStatistics statistics) {}

  private final Settings settings;
  private final Consumer<String> notes;

  /**
   * {@code notes} hears what the run decided or left out (one line each), e.g. to print it. A model folder that
   * overlaps one of the run's inputs is refused here, before anything is read or written: training writes into
   * it, so inside the prepared table it would add files to what Spark reads, and over an input it would replace it.
   */
  public TrainingRun(Settings settings, Consumer<String> notes) {
    this.settings = settings;
    this.notes = notes;
    boolean unconditional = settings.options().unconditional();
    if (!unconditional && settings.embeddingModel() == null) {
      throw new IllegalArgumentException("training on SignWriting needs the sign encoder that made the "
          + "embeddings; or pretrain unconditionally");
    }
    InputPaths.requireApart(settings.modelFolder(), "model folder", settings.inputs(), InputPaths.MODEL_FOLDER_APART);
  }

  public Outcome run(TrainingData data, DiffusionTrainer.StepListener progress) throws IOException {
    boolean unconditional = settings.options().unconditional();
    data.skipped().forEach(reason -> notes.accept("skipped " + reason));
    if (!unconditional) {
      if (data.signSample() == null) {
        throw new IllegalArgumentException("training on SignWriting needs sign embeddings; the data has none");
      }
      requireSameEncoder(data.signSample());
    }
    DiffusionConfig config = withShape(settings.config(), data);
    PoseStatistics statistics = settings.poseStats() == null ? data.statistics(unconditional)
        : readStatistics(settings.poseStats(), data.header());
    List<Sequence> validation = data.firstSequences(DEV, VALIDATION_SEQUENCES);
    if (validation.isEmpty()) {
      notes.accept("note: no dev split; validating on the train split");
      validation = data.firstSequences(TRAIN, VALIDATION_SEQUENCES);
    }
    TrainingData.Counts counts = data.counts();
    notes.accept(String.format(Locale.ROOT, "training on %d sequences (%d dev), %s",
        counts.train() + (unconditional ? counts.untranscribed() : 0), counts.dev(),
        unconditional ? "unconditional" : "conditioned on SignWriting"));

    ModelFolder folder = new ModelFolder(settings.modelFolder());
    DiffusionTrainer.Result result = data.train(new TrainingJob(config, folder, statistics, validation,
        settings.options(), progress));
    SignAnimator.completeFolder(folder, data.header(), data.fps(), data.meanDisplacement(unconditional),
        unconditional ? null : settings.embeddingModel());
    return new Outcome(result, config, statistics);
  }

  /** The config with the data's pose shape and, when conditioned, its embedding size. */
  private DiffusionConfig withShape(DiffusionConfig base, TrainingData data) {
    DiffusionConfig.Model m = base.model();
    PoseHeader header = data.header();
    int signSize = settings.options().unconditional() || data.signEmbeddingSize() == 0 ? m.signEmbeddingSize()
        : data.signEmbeddingSize();
    return base.withModel(m.withShape(header.totalPoints(), header.dims(), signSize));
  }

  /**
   * The encoder copied into the model folder must be the one that made the training embeddings, or animate
   * would condition on embeddings the model never saw: it must reproduce one of them.
   */
  private void requireSameEncoder(TrainingData.SignSample sample) throws IOException {
    Path encoderPath = settings.embeddingModel();
    try (SignEmbedder encoder = SignEmbedders.open(encoderPath)) {
      float[] again = encoder.embed(List.of(SignRenderer.modelInput(sample.fsw()).image()))[0];
      double cosine = 0;
      for (int i = 0; i < Math.min(again.length, sample.embedding().length); i++) {
        cosine += again[i] * sample.embedding()[i];
      }
      if (again.length != sample.embedding().length || cosine < 0.99) {
        throw new IllegalArgumentException("the sign encoder " + encoderPath + " did not make the training "
            + "embeddings" + String.format(Locale.ROOT, " (sign %s: cosine %.3f, sizes %d and %d)", sample.fsw(),
            cosine, again.length, sample.embedding().length));
      }
    }
  }

  private static PoseStatistics readStatistics(Path file, PoseHeader header) throws IOException {
    PoseStatistics statistics = PoseStatistics.read(file);
    try {
      return statistics.forLayout(header);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": does not fit the poses' " + header.totalPoints() + " points ("
          + e.getMessage() + ")", e);
    }
  }
}
