package org.signwriting.animation.diffusion;

import java.util.List;
import org.signwriting.animation.data.TrainingWindows.Sequence;
import org.signwriting.animation.pose.PoseStatistics;

/**
 * What {@link TrainingData#train} runs, as {@link TrainingRun} decided it: the config (with the data's shape),
 * the model folder, the normalization, the sequences validated on at each checkpoint, how long and from where,
 * and who hears about each step.
 */
public record TrainingJob(DiffusionConfig config, ModelFolder folder, PoseStatistics statistics,
    List<Sequence> validation, DiffusionTrainer.Options options, DiffusionTrainer.StepListener progress) {}
