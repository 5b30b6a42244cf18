package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.util.List;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * The prepared data of a {@link TrainingRun}, wherever it is: in this JVM ({@link LocalTrainingData}, what the
 * local reader collects) or spread over a cluster's executors (the Spark reader, {@code spark.ClusterTrainingData}).
 * Each implementation also runs the optimizer steps where its data is, so a run never moves the corpus.
 *
 * <p>"The sequences trained on" are the train split's, plus the untranscribed poses when pretraining
 * ({@code unconditional}).
 */
public interface TrainingData {

  /** One sign of the embeddings table: its text (FSW) and its embedding (an encoder must reproduce it). */
  record SignSample(String fsw, float[] embedding) {}

  /** How many sequences each split holds (after what was skipped). */
  record Counts(long train, long dev, long untranscribed) {}

  /** The layout of the poses (prepare-poses' {@code _pose_header.pose}). */
  PoseHeader header();

  /** The train split's most common frame rate, the fps of the animations. */
  float fps();

  /** Numbers per sign embedding, 0 without embeddings (unconditional pretraining). */
  int signEmbeddingSize();

  /** One row of the embeddings table, or null without embeddings. */
  SignSample signSample();

  Counts counts();

  /** What the reader left out and why, one line each. */
  List<String> skipped();

  /** Mean and std over the sequences trained on, masked points ignored, in {@link #header()}'s point order. */
  PoseStatistics statistics(boolean unconditional) throws IOException;

  /**
   * The mean over the sequences trained on of each sequence's mean movement per frame and coordinate (pose units):
   * the yardstick of the animations' displacement ratio.
   */
  double meanDisplacement(boolean unconditional) throws IOException;

  /** The first {@code max} sequences of a split (train or dev) in the order of their ids. */
  List<Sequence> firstSequences(String split, int max) throws IOException;

  /** Runs the optimizer steps of {@code job} on the sequences trained on, writing its model folder. */
  DiffusionTrainer.Result train(TrainingJob job) throws IOException;
}
