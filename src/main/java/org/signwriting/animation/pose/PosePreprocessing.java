package org.signwriting.animation.pose;

/** The pre-processing the seed applies to every training pose. */
public final class PosePreprocessing {
  private PosePreprocessing() {}

  /**
   * {@code reduce_holistic}, then pose-anonymization's {@code pre_process_pose}: wrists corrected from the hands,
   * shoulder normalization, hands shifted to their wrists. Returns a new pose.
   */
  public static Pose forTraining(Pose pose) {
    Pose reduced = Holistic.reduce(pose);
    Pose result = reduced == pose ? pose.copy() : reduced;
    Holistic.correctWristsInPlace(result);
    Holistic.normalizeInPlace(result, Holistic.normalizationInfo(result.header()), 1);
    HandShift.shiftInPlace(result);
    return result;
  }
}
