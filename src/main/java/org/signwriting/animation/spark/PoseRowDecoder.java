package org.signwriting.animation.spark;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.signwriting.animation.data.PreparedPoses;
import org.signwriting.animation.data.SignIds;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.pose.FrameRange;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PointSelection;
import org.signwriting.animation.pose.PoseComponent;
import org.signwriting.animation.pose.PoseFormatException;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseValueException;
import org.signwriting.animation.util.IoErrors;

/**
 * The executor side of prepare-poses: a {@link PoseTask} becomes a {@link PreparedPoseRow}, or a
 * {@link Rejection} that says why not. Rows are produced one at a time, so a task holds one pose in memory
 * besides what the Parquet writer buffers.
 */
final class PoseRowDecoder {
  /** What the training pre-processing needs (reduce_holistic keeps these four). */
  static final List<String> HOLISTIC_COMPONENTS =
      List.of("POSE_LANDMARKS", "FACE_LANDMARKS", "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS");

  private PoseRowDecoder() {}

  /** A row, or the reason there is none. */
  record Outcome(PreparedPoseRow row, Rejection rejection) {}

  /** Where the tasks report: rejections, and the time spent reading and pre-processing (ns, all tasks). */
  record Reports(CollectionAccumulator<Rejection> rejections, LongAccumulator readNanos,
      LongAccumulator preprocessNanos) implements java.io.Serializable {}

  /** The rows of a partition's tasks, lazily; rejections and timings go to the reports. */
  static Iterator<PreparedPoseRow> rows(Iterator<PoseTask> tasks, Reports reports) {
    return new Iterator<>() {
      private PreparedPoseRow next;

      @Override
      public boolean hasNext() {
        while (next == null && tasks.hasNext()) {
          Outcome outcome = decode(tasks.next(), reports);
          if (outcome.row() != null) {
            next = outcome.row();
          } else {
            reports.rejections().add(outcome.rejection());
          }
        }
        return next != null;
      }

      @Override
      public PreparedPoseRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        PreparedPoseRow row = next;
        next = null;
        return row;
      }
    };
  }

  static Outcome decode(PoseTask task, Reports reports) {
    SignWritingColumns signWriting = task.signWriting();
    Inputs inputs = ExecutorInputs.get();
    Pose pose;
    // Holistic files are decoded to the 178 points training keeps; others whole, to be rejected below with reasons.
    boolean[] decodedKeptPoints = new boolean[1];
    try {
      if (inputs.size(task.file()) == 0) {
        return reject(task, Rejection.Kind.EMPTY_POSE_FILE, task.pose() + ": empty file (0 bytes)");
      }
      long start = System.nanoTime();
      try (SeekableByteChannel channel = inputs.channel(task.file())) {
        pose = PoseReader.read(task.file(), channel, range(task), header -> {
          Optional<PointSelection> kept = PosePreprocessing.keptPoints(header);
          decodedKeptPoints[0] = kept.isPresent();
          return kept;
        });
      }
      reports.readNanos().add(System.nanoTime() - start);
    } catch (NoSuchFileException e) {
      return reject(task, Rejection.Kind.MISSING_POSE_FILE, task.pose() + ": no such file in the pose folder");
    } catch (PoseFormatException e) {
      return reject(task, switch (e.problem()) {
        case RANGE_OUTSIDE_FILE -> Rejection.Kind.TIMES_OUTSIDE_POSE;
        case TOO_LARGE -> Rejection.Kind.POSE_TOO_LARGE;
        case NOT_A_POSE_FILE, TRUNCATED, IMPOSSIBLE_COUNTS -> Rejection.Kind.CORRUPT_POSE_FILE;
      }, task.pose() + ": " + e.reason() + " (at byte " + e.offset() + ")");
    } catch (IOException e) {
      return reject(task, Rejection.Kind.UNREADABLE_POSE_FILE, task.pose() + ": " + IoErrors.reason(e));
    } catch (RuntimeException e) {
      // A decoding failure the reader did not foresee (its fuzz test says there is none) must not stop the others.
      return reject(task, Rejection.Kind.CORRUPT_POSE_FILE, task.pose() + ": cannot be decoded ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    List<String> components = pose.header().componentNames();
    if (!components.containsAll(HOLISTIC_COMPONENTS)) {
      return reject(task, Rejection.Kind.UNSUPPORTED_POSE_LAYOUT, task.pose()
          + ": not a MediaPipe holistic pose (its components are " + components + "; training needs "
          + HOLISTIC_COMPONENTS + ")");
    }
    if (pose.body().frames() == 0) {
      return reject(task, Rejection.Kind.TIMES_OUTSIDE_POSE, task.pose() + ": " + range(task)
          + " selects no frames of the file");
    }
    Pose prepared;
    try {
      long start = System.nanoTime();
      prepared = decodedKeptPoints[0] ? PosePreprocessing.forTrainingDecodedReduced(pose)
          : PosePreprocessing.forTraining(pose);
      reports.preprocessNanos().add(System.nanoTime() - start);
    } catch (PoseValueException e) {
      return reject(task, Rejection.Kind.INVALID_POSE_VALUES, task.pose() + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return reject(task, Rejection.Kind.UNSUPPORTED_POSE_LAYOUT, task.pose()
          + ": not a MediaPipe holistic pose (" + e.getMessage() + ")");
    }
    return new Outcome(toRow(task, prepared, signWriting), null);
  }

  static FrameRange range(PoseTask task) {
    if (task.startMs() == null && task.endMs() == null) {
      return FrameRange.all();
    }
    return FrameRange.millis(task.startMs() == null ? 0 : task.startMs(),
        task.endMs() == null ? Long.MAX_VALUE : task.endMs());
  }

  private static Outcome reject(PoseTask task, Rejection.Kind kind, String reason) {
    return new Outcome(null, new Rejection(task.input(), kind, reason));
  }

  private static PreparedPoseRow toRow(PoseTask task, Pose pose, SignWritingColumns signWriting) {
    List<String> components = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (PoseComponent component : pose.header().components()) {
      for (String point : component.points()) {
        components.add(component.name());
        names.add(point);
      }
    }
    var body = pose.body();
    PreparedPoseRow row = new PreparedPoseRow();
    row.setId(task.id());
    row.setPose(task.pose());
    row.setLanguage(task.language());
    row.setStartMs(task.startMs());
    row.setEndMs(task.endMs());
    row.setFps(body.fps());
    row.setFrames(body.frames());
    row.setPeople(body.people());
    row.setPoints(body.points());
    row.setDims(body.dims());
    row.setPointComponents(components.toArray(String[]::new));
    row.setPointNames(names.toArray(String[]::new));
    row.setData(PreparedPoses.bytes(body.data()));
    row.setConfidence(PreparedPoses.bytes(body.confidence()));
    if (signWriting != null) {
      row.setSwu(signWriting.swu());
      row.setFsw(signWriting.fsw());
      row.setSignId(SignIds.of(signWriting.fsw()));
    }
    row.setSplit(task.split());
    return row;
  }
}
