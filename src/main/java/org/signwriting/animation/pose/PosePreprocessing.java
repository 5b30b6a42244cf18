package org.signwriting.animation.pose;

import java.util.Optional;

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
    return afterReduction(reduced == pose ? pose.copy() : reduced);
  }

  /**
   * The points {@link #forTraining} keeps of a file with this header, for {@link PoseReader} to decode only those;
   * empty when the header is not MediaPipe holistic or cannot be reduced (the whole pose is decoded, and
   * {@link #forTraining} says why it refuses it).
   */
  public static Optional<PointSelection> keptPoints(PoseHeader header) {
    try {
      return Holistic.reduction(header);
    } catch (IllegalArgumentException notReducible) {
      return Optional.empty();
    }
  }

  /**
   * {@link #forTraining} of a pose that {@link PoseReader} decoded with {@link #keptPoints}' selection: it is
   * reduced already and nobody else holds it, so it is changed in place and returned.
   */
  public static Pose forTrainingDecodedReduced(Pose reduced) {
    return afterReduction(reduced);
  }

  private static Pose afterReduction(Pose result) {
    PoseValues.check(result);
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
