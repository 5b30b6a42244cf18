package org.signwriting.animation.diffusion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.signwriting.animation.data.TrainingWindows;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * Training data held in this JVM, trained on by {@link DiffusionTrainer} here: what the local reader collects
 * ({@code spark.TrainingDataReader}), or sequences a program made. Lists are in the order of the sequences' ids,
 * which fixes what a seed trains on.
 */
public record LocalTrainingData(PoseHeader header, float fps, List<Sequence> train, List<Sequence> dev,
    List<Sequence> untranscribed, List<String> skipped, SignSample signSample) implements TrainingData {

  public LocalTrainingData {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no sequences in the train split");
    }
    train = List.copyOf(train);
    dev = List.copyOf(dev);
    untranscribed = List.copyOf(untranscribed);
    skipped = List.copyOf(skipped);
  }

  @Override
  public int signEmbeddingSize() {
    for (Sequence s : train) {
      if (s.signEmbedding() != null) {
        return s.signEmbedding().length;
      }
    }
    return 0;
  }

  @Override
  public Counts counts() {
    return new Counts(train.size(), dev.size(), untranscribed.size());
  }

  /** The sequences trained on. */
  public List<Sequence> trainedOn(boolean unconditional) {
    if (!unconditional) {
      return train;
    }
    List<Sequence> all = new ArrayList<>(train);
    all.addAll(untranscribed);
    return all;
  }

  @Override
  public PoseStatistics statistics(boolean unconditional) {
    List<List<String>> layout = PoseStatistics.layout(header);
    return TrainingWindows.statistics(trainedOn(unconditional), layout.get(0), layout.get(1));
  }

  @Override
  public double meanDisplacement(boolean unconditional) {
    List<Sequence> sequences = trainedOn(unconditional);
    double sum = 0;
    for (Sequence s : sequences) {
      sum += MotionMetrics.meanDisplacement(s.data(), s.confidence(), s.points(), s.dims());
    }
    return sum / sequences.size();
  }

  @Override
  public List<Sequence> firstSequences(String split, int max) {
    List<Sequence> all = switch (split) {
      case TrainingRun.TRAIN -> train;
      case TrainingRun.DEV -> dev;
      default -> throw new IllegalArgumentException("no split " + split + " to validate on");
    };
    return all.subList(0, Math.min(max, all.size()));
  }

  @Override
  public DiffusionTrainer.Result train(TrainingJob job) throws IOException {
    return new DiffusionTrainer(job.config(), job.folder().dir()).onProgress(job.progress())
        .train(new DiffusionTrainer.Data(trainedOn(job.options().unconditional()), job.validation(),
            job.statistics()), job.options());
  }
}
