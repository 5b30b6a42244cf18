package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.io.Inputs;

/**
 * The poses {@code train} reads: a prepare-poses output as it is, or a folder of {@code .pose} files (the seed's
 * {@code --poses $POSE_SEQUENCES_FOLDER}) prepared first by the prepare-poses job into a folder of the model.
 */
public final class TrainingPoses {
  /** Where a raw pose folder is prepared, inside the model folder. */
  public static final String PREPARED_FOLDER = "prepared-poses";

  private TrainingPoses() {}

  /** Whether a folder (a path or URI) is a prepare-poses output (it has the job's {@code _SUCCESS} marker). */
  public static boolean isPrepared(Inputs inputs, String poses) throws IOException {
    return inputs.isFile(inputs.resolve(poses, AtomicOutput.MARKER));
  }

  /**
   * Checks, before any Spark session starts, that {@code poses} is a prepare-poses output, or a folder of pose
   * files with what preparing it needs.
   */
  public static void check(Inputs inputs, String poses, String csv, boolean includeUntranscribed)
      throws IOException {
    if (isPrepared(inputs, poses)) {
      return;
    }
    if (!inputs.isDirectory(poses)) {
      throw new NoSuchFileException(poses);
    }
    if (inputs.find(poses, ".pose").isEmpty()) {
      throw new PosesException(poses, PosesException.Problem.NOT_POSES, ": neither a prepare-poses output (no "
          + AtomicOutput.MARKER + " in it) nor a folder of .pose files");
    }
    if (csv == null && !includeUntranscribed) {
      throw new PosesException(poses, PosesException.Problem.NO_TRANSCRIPTIONS, " is a folder of pose files: "
          + "training on SignWriting needs the transcriptions that pair them with signs");
    }
  }

  /**
   * Poses that training cannot use: the message starts with their location, and says which problem, for callers to
   * name their own options.
   */
  public static final class PosesException extends IllegalArgumentException {
    /** What is wrong with the poses. */
    public enum Problem {
      /** Neither a prepare-poses output nor a folder of {@code .pose} files. */
      NOT_POSES,
      /** A folder of pose files, to train on SignWriting without the transcriptions that pair them with signs. */
      NO_TRANSCRIPTIONS
    }

    private final Problem problem;

    PosesException(String poses, Problem problem, String why) {
      super(poses + why);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /**
   * {@code poses} when it is a prepare-poses output; otherwise the prepare-poses output of the pose folder
   * {@code poses} with the transcriptions {@code csv} (null: untranscribed poses only), written to
   * {@code modelFolder/}{@value #PREPARED_FOLDER} (replacing an earlier one).
   */
  public static String prepared(SparkSession spark, String poses, String csv, boolean includeUntranscribed,
      Path modelFolder) throws IOException {
    Inputs inputs = Inputs.with(spark.sparkContext().hadoopConfiguration());
    if (isPrepared(inputs, poses)) {
      return poses;
    }
    check(inputs, poses, csv, includeUntranscribed);
    Path output = modelFolder.resolve(PREPARED_FOLDER);
    System.err.println(poses + " is a folder of pose files: preparing it into " + output + " (prepare-poses)");
    JobSummary summary = PreparePosesJob.run(spark,
        new PreparePosesJob.Options(poses, csv, output.toString(), includeUntranscribed));
    summary.print(System.err);
    return output.toString();
  }
}
