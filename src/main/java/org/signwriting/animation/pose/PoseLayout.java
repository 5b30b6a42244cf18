package org.signwriting.animation.pose;

import java.util.List;
import java.util.Optional;

/**
 * The skeleton layouts whose body parts this library knows by name: where the shoulders, the wrists and the hands
 * are. Detected from the component names the way pose-format detects them (the first known component decides).
 */
public enum PoseLayout {
  HOLISTIC(List.of("POSE_LANDMARKS", "FACE_LANDMARKS", "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS",
      "POSE_WORLD_LANDMARKS"),
      "POSE_LANDMARKS", "RIGHT_SHOULDER", "LEFT_SHOULDER", "LEFT_WRIST", "RIGHT_WRIST",
      "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS", "WRIST"),
  OPENPOSE(List.of("pose_keypoints_2d", "face_keypoints_2d", "hand_left_keypoints_2d", "hand_right_keypoints_2d"),
      "pose_keypoints_2d", "RShoulder", "LShoulder", "LWrist", "RWrist",
      "hand_left_keypoints_2d", "hand_right_keypoints_2d", "BASE");

  private final List<String> componentNames;
  final String body;
  final String rightShoulder;
  final String leftShoulder;
  final String leftBodyWrist;
  final String rightBodyWrist;
  final String leftHand;
  final String rightHand;
  final String handWrist;

  PoseLayout(List<String> componentNames, String body, String rightShoulder, String leftShoulder,
      String leftBodyWrist, String rightBodyWrist, String leftHand, String rightHand, String handWrist) {
    this.componentNames = componentNames;
    this.body = body;
    this.rightShoulder = rightShoulder;
    this.leftShoulder = leftShoulder;
    this.leftBodyWrist = leftBodyWrist;
    this.rightBodyWrist = rightBodyWrist;
    this.leftHand = leftHand;
    this.rightHand = rightHand;
    this.handWrist = handWrist;
  }

  public static Optional<PoseLayout> detect(PoseHeader header) {
    return detect(header.componentNames());
  }

  /** The layout of components named {@code componentNames}, in order (the first known name decides). */
  public static Optional<PoseLayout> detect(List<String> componentNames) {
    for (String name : componentNames) {
      for (PoseLayout layout : values()) {
        if (layout.componentNames.contains(name)) {
          return Optional.of(layout);
        }
      }
    }
    return Optional.empty();
  }

  /** The layout, or an error naming the components when none is known. */
  public static PoseLayout of(PoseHeader header) {
    return detect(header).orElseThrow(() -> new IllegalArgumentException(
        "unknown pose layout with components " + header.componentNames()
            + " (known: MediaPipe holistic, OpenPose)"));
  }

  /** The hand component and the body's wrist point on one side. */
  record Side(String hand, String bodyWrist) {}

  List<Side> sides() {
    return List.of(new Side(leftHand, leftBodyWrist), new Side(rightHand, rightBodyWrist));
  }
}
