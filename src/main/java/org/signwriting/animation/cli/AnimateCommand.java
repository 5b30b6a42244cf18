package org.signwriting.animation.cli;

import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.util.ConsoleProgress;
import org.signwriting.animation.util.TorchThreads;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.diffusion.AnimationLimits;
import org.signwriting.animation.diffusion.SignAnimator;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseCanvas;
import org.signwriting.animation.pose.PoseVisualizer;
import org.signwriting.animation.pose.PoseWriter;
import org.signwriting.animation.signwriting.SignWriting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swa animate} (also {@code signwriting_to_pose}): SignWriting into a {@code .pose} file. */
@Command(name = "animate", aliases = {"signwriting-to-pose", "signwriting_to_pose"}, mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Animates SignWriting into a .pose file with a model folder from train.",
        "Also spelled signwriting_to_pose, as in the seed's README (the model folder",
        "then defaults to $MODEL_FOLDER).",
        "",
        "Each sign (FSW or SWU; several signs separated by spaces are animated one",
        "after the other) is rendered as the model-input image and embedded by the",
        "folder's encoder. The diffusion model then generates the motion from the",
        "mean pose, 20 frames at a time, each chunk conditioned on the last 40",
        "frames and the sign, for as many frames as its length head predicts from",
        "the sign (or --frames). The result is denormalized, its hands are put back",
        "on the body's wrists, and it is written as a v0.2 .pose with the training",
        "poses' 178-point holistic header and fps, in pixels of the header's canvas",
        "(width x height; 512x512 unless --canvas): shoulders " + (int) (PoseCanvas.SHOULDER_WIDTH * 100)
            + " %% of the shorter",
        "side wide, centred across, " + (int) (PoseCanvas.SHOULDER_HEIGHT * 100) + " %% of the height down, as",
        "pose-format's viewer and the pose viewers draw it. --normalized keeps the",
        "shoulder-normalized training space (shoulder midpoint 0, shoulder width 1).",
        "",
        "Prints the frames and the displacement ratio: the animation's movement per",
        "frame over the training poses' (near 0 means a frozen skeleton).",
        "",
        "Example:",
        "  swa animate --signwriting 'M518x529S14c20481x471S27106503x489' \\",
        "      --model-folder models/sign --pose sign.pose --preview sign.gif"
    })
final class AnimateCommand implements Callable<Integer> {
  @Option(names = "--signwriting", required = true, paramLabel = "SIGN",
      description = "The sign(s) in FSW or SWU; several signs separated by spaces.")
  String signWriting;

  @Option(names = {"--model-folder", "--model_folder"}, paramLabel = "DIR", defaultValue = "${env:MODEL_FOLDER}",
      description = "A model folder written by train; a path or a URI such as hdfs://... (default: "
          + "$MODEL_FOLDER).")
  String modelFolder;

  @Option(names = "--pose", required = true, paramLabel = "OUT.pose", description = "The .pose file to write.")
  Path pose;

  @Option(names = "--canvas", paramLabel = "WxH",
      description = "Width and height in pixels of the written pose's canvas (default: the model's, 512x512).")
  String canvas;

  @Option(names = "--normalized",
      description = "Write shoulder-normalized coordinates (the training space) instead of canvas pixels.")
  boolean normalized;

  @Option(names = "--preview", paramLabel = "OUT.gif", description = "Also write an animated GIF of the skeleton.")
  Path preview;

  @Option(names = "--preview-width", paramLabel = "PX", defaultValue = "320",
      description = "Width of the preview (default: ${DEFAULT-VALUE}).")
  int previewWidth;

  @Option(names = "--frames", paramLabel = "N",
      description = "Frames per sign, 1 to 1000 (default: the length the model predicts from each sign, at most "
          + "1000). An animation has at most 100 signs and 10000 frames (AnimationLimits).")
  Integer frames;

  @Option(names = "--guidance", paramLabel = "S",
      description = "Classifier-free guidance scale; 1 is the conditional model alone (default: the model "
          + "config's diffusion.guidanceScale).")
  Float guidance;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the sampling noise; same seed, same .pose (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin TorchThreads torchThreads;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AnimationLimits limits = AnimationLimits.DEFAULT;
    // Bad text and requests beyond the limits are reported before the model is loaded.
    int signs = SignWriting.parse(signWriting).size();
    try {
      limits.checkRequest(signs, frames);
    } catch (AnimationLimits.LimitException e) {
      throw inFlags(e);
    }
    if (guidance != null && !(Float.isFinite(guidance) && guidance >= 0)) {
      throw new IllegalArgumentException("--guidance must be a number >= 0, not " + guidance);
    }
    if (previewWidth < 16 || previewWidth > PoseVisualizer.MAX_SIDE) {
      throw new IllegalArgumentException("--preview-width must be between 16 and " + PoseVisualizer.MAX_SIDE);
    }
    PoseCanvas asked = canvas == null ? null : PoseCanvas.parse(canvas);
    if (modelFolder == null) {
      throw new IllegalArgumentException("Missing the model: give --model-folder DIR (a train output) or set "
          + "MODEL_FOLDER");
    }
    Inputs inputs = Inputs.local();
    if (!inputs.isDirectory(modelFolder)) {
      throw new NoSuchFileException(modelFolder);
    }
    Path model = inputs.local(modelFolder);
    for (Path output : preview == null ? new Path[] {pose} : new Path[] {pose, preview}) {
      InputPaths.requireApart(output, "output", List.of(modelFolder),
          "write it outside the model folder (an input is never written over)");
    }
    torchThreads.apply();
    PrintWriter out = spec.commandLine().getOut();
    SignAnimator.Animation animation;
    float fps;
    PoseCanvas frame;
    try (SignAnimator animator = SignAnimator.open(model, limits);
        SamplingProgress progress = new SamplingProgress()) {
      float scale = guidance != null ? guidance : animator.guidanceScale();
      animation = animator.animate(signWriting, frames, scale, seed, progress);
      fps = animator.fps();
      frame = asked != null ? asked : animator.canvas();
    } catch (AnimationLimits.LimitException e) {
      throw inFlags(e);
    }
    Pose written = normalized ? frame.label(animation.pose()) : animation.inCanvas(frame);
    Path parent = pose.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    PoseWriter.write(written, pose);
    int total = written.body().frames();
    out.printf(Locale.ROOT, "%s: %d frames at %s fps (%s per sign), %s, displacement ratio %.3f%n", pose, total,
        fps, Arrays.toString(animation.framesPerSign()), normalized ? "shoulder-normalized"
            : "pixels of a " + frame.width() + "x" + frame.height() + " canvas", animation.displacementRatio());
    if (preview != null) {
      Files.createDirectories(preview.toAbsolutePath().getParent());
      try (ProgressBar bar = ConsoleProgress.bar("preview", total)) {
        new PoseVisualizer(written, previewWidth, false).writeGif(preview, fps, bar::stepTo);
      }
      out.printf("%s: preview, %d frames%n", preview, total);
    }
    out.flush();
    return 0;
  }

  /** A limit's message in the words of this command's options. */
  private static IllegalArgumentException inFlags(AnimationLimits.LimitException e) {
    return new IllegalArgumentException(switch (e.limit()) {
      case SIGNS -> "--signwriting: " + e.getMessage();
      case FRAMES_PER_SIGN -> String.format(Locale.ROOT, "--frames must be between 1 and %d, not %d",
          e.allowed(), e.requested());
      case FRAMES -> e.getMessage() + " (--frames sets the frames of each sign)";
    }, e);
  }

  /** A progress bar over the sampled frames, shown once sampling starts (the total is known then). */
  private static final class SamplingProgress implements SignAnimator.Progress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void frames(int done, int total) {
      if (bar == null) {
        bar = ConsoleProgress.bar("animate", total);
      }
      bar.stepTo(done);
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
