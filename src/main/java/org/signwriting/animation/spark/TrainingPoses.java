package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The poses {@code train} reads: a prepare-poses output as it is, or a folder of {@code .pose} files (the seed's
 * {@code --poses $POSE_SEQUENCES_FOLDER}) prepared first by the prepare-poses job into a folder of the model.
 */
public final class TrainingPoses {
  /** Where a raw pose folder is prepared, inside the model folder. */
  public static final String PREPARED_FOLDER = "prepared-poses";

  private TrainingPoses() {}

  /** Whether a folder is a prepare-poses output (it has the job's {@code _SUCCESS} marker). */
  public static boolean isPrepared(Path poses) {
    return Files.isRegularFile(poses.resolve(AtomicOutput.MARKER));
  }

  /**
   * Checks, before any Spark session starts, that {@code poses} is a prepare-poses output, or a folder of pose
   * files with what preparing it needs.
   */
  public static void check(Path poses, Path csv, boolean includeUntranscribed) throws IOException {
    if (isPrepared(poses)) {
      return;
    }
    if (!holdsPoseFiles(poses)) {
      throw new IllegalArgumentException("--poses " + poses + ": neither a prepare-poses output (no "
          + AtomicOutput.MARKER + " in it) nor a folder of .pose files");
    }
    if (csv == null && !includeUntranscribed) {
      throw new IllegalArgumentException("--poses " + poses + " is a folder of pose files: training on "
          + "SignWriting needs the transcriptions that pair them with signs (--transcription-csv-path or "
          + "SIGNWRITING_TRANSCRIPTION_CSV_PATH)");
    }
  }

  private static boolean holdsPoseFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".pose") && Files.isRegularFile(f));
    }
  }

  /**
   * {@code poses} when it is a prepare-poses output; otherwise the prepare-poses output of the pose folder
   * {@code poses} with the transcriptions {@code csv} (null: untranscribed poses only), written to
   * {@code modelFolder/}{@value #PREPARED_FOLDER} (replacing an earlier one).
   */
  public static Path prepared(SparkSession spark, Path poses, Path csv, boolean includeUntranscribed,
      Path modelFolder) throws IOException {
    if (isPrepared(poses)) {
      return poses;
    }
    check(poses, csv, includeUntranscribed);
    Path output = modelFolder.resolve(PREPARED_FOLDER);
    System.err.println("--poses " + poses + " is a folder of pose files: preparing it into " + output
        + " (prepare-poses)");
    JobSummary summary = PreparePosesJob.run(spark,
        new PreparePosesJob.Options(poses, csv, output.toString(), includeUntranscribed));
    summary.print(System.err);
    return output;
  }
}
