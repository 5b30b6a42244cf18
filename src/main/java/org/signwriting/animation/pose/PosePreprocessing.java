package org.signwriting.animation.pose;

/** The pre-processing the seed applies to every training pose. */
public final class PosePreprocessing {
  private PosePreprocessing() {}

  /**
   * {@code reduce_holistic}, then pose-anonymization's {@code pre_process_pose}: wrists corrected from the hands,
   * shoulder normalization, hands shifted to their wrists. Returns a new pose.
   *
   * @throws PoseValueException when the kept points' values cannot be trained on (see {@link PoseValues}), before
   *     or after normalization (e.g. shoulders at one place)
   * @throws IllegalArgumentException when the pose is not MediaPipe holistic
   */
  public static Pose forTraining(Pose pose) {
    Pose reduced = Holistic.reduce(pose);
    PoseValues.check(reduced);
    Pose result = reduced == pose ? pose.copy() : reduced;
    Holistic.correctWristsInPlace(result);
    Holistic.normalizeInPlace(result, Holistic.normalizationInfo(result.header()), 1);
    HandShift.shiftInPlace(result);
    String problem = PoseValues.firstProblem(result);
    if (problem != null) {
      throw new PoseValueException("after shoulder normalization, " + problem);
    }
    return result;
  }
}
