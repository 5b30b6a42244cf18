package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.signwriting.animation.data.ShardStream;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.diffusion.DataParallelWorker;
import org.signwriting.animation.diffusion.DiffusionConfig;
import org.signwriting.animation.diffusion.DiffusionTrainer;
import org.signwriting.animation.diffusion.ModelFolder;
import org.signwriting.animation.diffusion.Replica;
import org.signwriting.animation.diffusion.TrainingData;
import org.signwriting.animation.diffusion.StepInputs;
import org.signwriting.animation.pose.PoseStatistics;
import org.signwriting.animation.testing.LocalSpark;

/**
 * What data-parallel training must amount to, computed in one process from the same table: the single process
 * that steps on the workers' shares concatenated (the combined batch), and the helpers that compare models.
 */
public final class DataParallelReference {
  private DataParallelReference() {}

  /**
   * How a two-worker model compares with one process: relative difference to the single process on the combined
   * batch ({@code combined}; {@code largestTensor}, the worst tensor alone), and to one trained on worker 0's share
   * alone ({@code shareAlone}, to show that the comparison tells batches apart).
   */
  public record Comparison(double combined, double largestTensor, double shareAlone) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "relative difference %.2e vs one process on the combined batch "
          + "(largest per tensor %.2e), %.2e vs worker 0's share alone", combined, largestTensor, shareAlone);
    }

    /** Equal within 1e-4 relative, and told apart from training on half the batch. */
    public void assertSame() {
      org.junit.jupiter.api.Assertions.assertTrue(combined <= 1e-4, toString());
      org.junit.jupiter.api.Assertions.assertTrue(shareAlone > 5 * combined && shareAlone > 5e-4, toString());
    }
  }

  /**
   * Compares the checkpoint of a two-worker run of {@code steps} steps in {@code folder} with one process trained
   * with {@code statistics}.
   */
  public static Comparison compare(ClusterTrainingData data, PoseStatistics statistics, DiffusionConfig config,
      Path folder, int steps, long seed) throws IOException {
    float[] distributed = weights(config, folder);
    float[] combined = singleProcess(data, statistics, config, 2, steps, 2, seed);
    return new Comparison(relativeDifference(distributed, combined),
        largestRelativeDifference(sizes(config), distributed, combined),
        relativeDifference(distributed, singleProcess(data, statistics, config, 2, steps, 1, seed)));
  }

  /** The trained weights of a model folder's checkpoint. */
  public static float[] weights(DiffusionConfig config, Path folder) throws IOException {
    ModelFolder model = new ModelFolder(folder);
    try (Replica replica = new Replica(config, null, null, 0)) {
      replica.restore(model.readCheckpoint(), model.checkpoint());
      return replica.weightVector();
    }
  }

  /** Each worker's stream of sequences, as the executors read them. */
  static List<ShardStream> streams(ClusterTrainingData data, int workers, long seed) throws IOException {
    Configuration conf = LocalSpark.session().sparkContext().hadoopConfiguration();
    boolean unconditional = data.embeddingsTable() == null;
    List<ShardStream> streams = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      List<ParquetRows.Range> ranges = data.shards(workers, unconditional).get(w);
      Map<String, TrainingData.SignSample> signs = unconditional ? null
          : PoseShards.signs(conf, data.embeddingsTable(), PoseShards.signIds(conf, ranges));
      streams.add(new ShardStream(() -> PoseShards.read(conf, ranges, data.layout(), signs, id -> { }), seed, w,
          data.settings().shuffleBuffer()));
    }
    return streams;
  }

  /**
   * One replica stepping on the shares of the first {@code used} of {@code workers} workers, concatenated: all of
   * them is the single process equivalent to synchronous data-parallel training (unconditional when the data has
   * no embeddings).
   */
  public static float[] singleProcess(ClusterTrainingData data, PoseStatistics stats, DiffusionConfig config,
      int workers, int steps, int used, long seed) throws IOException {
    boolean unconditional = data.embeddingsTable() == null;
    List<ShardStream> streams = streams(data, workers, seed);
    int batchPerWorker = (config.training().batchSize() + workers - 1) / workers;
    int stepsPerEpoch = DiffusionTrainer.stepsPerEpoch(data.trainedOnCount(unconditional), batchPerWorker * workers);
    int planned = DiffusionTrainer.plannedSteps(config, DiffusionTrainer.Options.seeded(seed, steps), stepsPerEpoch);
    try (Replica replica = new Replica(config, stats, null, seed)) {
      for (int step = 0; step < steps; step++) {
        List<StepInputs> shares = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          List<Sequence> sequences = streams.get(w).next(batchPerWorker);
          if (w < used) {
            shares.add(DataParallelWorker.share(sequences, stats, config, new DataParallelWorker.Segment(w, workers,
                0, steps, planned, stepsPerEpoch, batchPerWorker, 1, seed, unconditional), step));
          }
        }
        replica.computeGradients(StepInputs.concat(shares), 0);
        replica.update(step, DiffusionTrainer.learningRate(config.training(), step, planned));
      }
      return replica.weightVector();
    }
  }

  /**
   * The relative difference of two models' parameters, ‖a − b‖ / ‖b‖ over all of them. (Per tensor it is ill
   * conditioned: a parameter whose exact gradient is 0, such as the key part of the attention's bias, which softmax
   * ignores, gets float-summation noise of about 1e-9 as gradient, and Adam, dividing by its own scale, turns that
   * into steps of about 0.1 × the learning rate in a random direction, in any data-parallel training.)
   */
  public static double relativeDifference(float[] a, float[] b) {
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      difference += (a[i] - b[i]) * (double) (a[i] - b[i]);
      norm += b[i] * (double) b[i];
    }
    return Math.sqrt(difference / norm);
  }

  /** The largest relative difference of a parameter tensor, ‖a − b‖ / ‖b‖. */
  public static double largestRelativeDifference(int[] sizes, float[] a, float[] b) {
    double largest = 0;
    int offset = 0;
    for (int size : sizes) {
      double difference = 0;
      double norm = 0;
      for (int i = offset; i < offset + size; i++) {
        difference += (a[i] - b[i]) * (double) (a[i] - b[i]);
        norm += b[i] * (double) b[i];
      }
      largest = Math.max(largest, Math.sqrt(difference / Math.max(norm, 1e-30)));
      offset += size;
    }
    return largest;
  }

  public static int[] sizes(DiffusionConfig config) {
    try (Replica replica = new Replica(config, null, null, 0)) {
      return replica.parameterSizes();
    }
  }
}
