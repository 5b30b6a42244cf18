package org.signwriting.animation.cli;

import org.signwriting.animation.util.ConsoleProgress;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.signwriting.animation.io.InputPaths;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseComponent;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
import org.signwriting.animation.pose.PoseVisualizer;
import org.signwriting.animation.pose.PoseWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code swa pose ...}: look into and pre-process {@code .pose} files. */
@Command(
    name = "pose",
    mixinStandardHelpOptions = true,
    header = "Read, inspect, pre-process and preview .pose files.",
    description = "The binary pose format of pose-format, versions 0.0, 0.1 and 0.2; written as 0.2.",
    subcommands = {PoseCommand.Info.class, PoseCommand.Preprocess.class, PoseCommand.Preview.class,
        CommandLine.HelpCommand.class})
public final class PoseCommand {

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      header = "Show a .pose file's header and shape, as a table or as JSON.",
      description = {
        "Prints the format version, the video size, the components (points, limbs, colours), fps, frames, "
            + "people, points and dimensions per point. Reading the whole file also checks it: a truncated or "
            + "corrupt file fails with one line naming the file, the byte and the reason.",
        "",
        "Examples:",
        "  swa pose info sign.pose",
        "  swa pose info --json sign.pose | jq .frames",
      })
  static final class Info implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The .pose file.")
    Path file;

    @Option(names = "--json", description = "One JSON object (keys version, width, height, depth, components, "
        + "fps, frames, people, points, dims) instead of the table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Pose pose = PoseReader.read(file);
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? toJson(pose) : toTable(pose));
      out.flush();
      return 0;
    }

    /** The version as pose-format rounds it (the file stores a 32-bit float). */
    private static BigDecimal version(PoseHeader header) {
      return BigDecimal.valueOf(Math.round(header.version() * 1000) / 1000.0);
    }

    static String toJson(Pose pose) {
      PoseHeader header = pose.header();
      PoseBody body = pose.body();
      JsonObject json = new JsonObject();
      json.addProperty("version", version(header));
      json.addProperty("width", header.width());
      json.addProperty("height", header.height());
      json.addProperty("depth", header.depth());
      JsonArray components = new JsonArray();
      for (PoseComponent component : header.components()) {
        JsonObject c = new JsonObject();
        c.addProperty("name", component.name());
        c.addProperty("format", component.format());
        c.addProperty("points", component.points().size());
        c.addProperty("limbs", component.limbs().size());
        c.addProperty("colors", component.colors().size());
        components.add(c);
      }
      json.add("components", components);
      json.addProperty("fps", body.fps());
      json.addProperty("frames", body.frames());
      json.addProperty("people", body.people());
      json.addProperty("points", body.points());
      json.addProperty("dims", body.dims());
      return new GsonBuilder().disableHtmlEscaping().create().toJson(json);
    }

    private String toTable(Pose pose) {
      PoseHeader header = pose.header();
      PoseBody body = pose.body();
      StringBuilder table = new StringBuilder();
      table.append(file).append('\n');
      table.append(String.format("  version     %s%n", version(header)));
      table.append(String.format("  video       %d x %d, depth %d%n", header.width(), header.height(),
          header.depth()));
      table.append(String.format("  fps         %s%n", body.fps()));
      table.append(String.format("  frames      %d%s%n", body.frames(),
          body.fps() > 0 ? String.format(" (%.2f s)", body.frames() / body.fps()) : ""));
      table.append(String.format("  people      %d%n", body.people()));
      table.append(String.format("  points      %d, %d dimensions each%n", body.points(), body.dims()));
      table.append(String.format("  %-24s %-6s %6s %6s %6s%n", "component", "format", "points", "limbs", "colors"));
      for (PoseComponent c : header.components()) {
        table.append(String.format("  %-24s %-6s %6d %6d %6d%n", c.name(), c.format(), c.points().size(),
            c.limbs().size(), c.colors().size()));
      }
      return table.toString().stripTrailing();
    }
  }

  @Command(
      name = "preprocess",
      mixinStandardHelpOptions = true,
      header = "Apply the seed's training pre-processing to a pose and write it as .pose v0.2.",
      description = {
        "For MediaPipe holistic poses, as signwriting-animation prepares its training data: reduce to the 178 "
            + "holistic points (pose-format reduce_holistic), take the body's wrists from the hands where "
            + "detected (correct_wrists), normalize by the shoulders (their midpoint at the origin, their "
            + "distance 1), and express each hand relative to its wrist (pose-anonymization shift_hands).",
        "",
        "Example:",
        "  swa pose preprocess sign.pose sign-preprocessed.pose",
      })
  static final class Preprocess implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The .pose file to pre-process.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the result (replaced if present).")
    Path output;

    @Override
    public Integer call() throws IOException {
      InputPaths.requireApart(output, "output", List.of(input.toString()),
          "write the result to another file (an input is never written over)");
      Pose pose = PoseReader.read(input);
      Pose processed;
      try {
        processed = PosePreprocessing.forTraining(pose);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
      }
      PoseWriter.write(processed, output);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: %d frames, %d points -> %s%n", input, processed.body().frames(), processed.body().points(),
          output);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "preview",
      mixinStandardHelpOptions = true,
      header = "Draw a pose's skeleton as an animated GIF, or one frame as a PNG.",
      description = {
        "Draws each frame as pose-format's visualizer does: per person and component, detected points as discs "
            + "and limbs as lines in the component's colours, faded by confidence; points with confidence 0 and "
            + "their limbs are left out, as are world-coordinate components (POSE_WORLD_LANDMARKS).",
        "",
        "The picture has the video size of the file's header, scaled to --width. When the coordinates are not the "
            + "video's pixels (a normalized pose, such as 'swa pose preprocess' output or a model's output), the "
            + "skeleton's extent over the whole sequence is fitted into the picture with a 5%% margin instead.",
        "",
        "OUT ending in .gif gets every frame, looping, at the pose's frame rate (or --fps); OUT ending in .png "
            + "gets the one frame --frame names.",
        "",
        "Examples:",
        "  swa pose preview sign.pose sign.gif --width 320",
        "  swa pose preview sign.pose frame10.png --frame 10 --transparent",
      })
  static final class Preview implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The .pose file to draw.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The .gif or .png to write (replaced if present).")
    Path output;

    @Option(names = "--width", paramLabel = "W", description = "Picture width in pixels; the height keeps the "
        + "header's aspect ratio (default: the header's width, or " + PoseVisualizer.DEFAULT_WIDTH + " without one).")
    int width;

    @Option(names = "--fps", paramLabel = "F", description = "GIF frame rate (default: the pose's). A GIF's delays "
        + "are whole hundredths of a second, so 30 fps plays at 3/100 s per frame (33.3 fps).")
    Double fps;

    @Option(names = "--frame", paramLabel = "N", description = "For PNG output: the frame to draw, from 0 "
        + "(default 0).")
    Integer frame;

    @Option(names = "--transparent", description = "A transparent background instead of white.")
    boolean transparent;

    @Override
    public Integer call() throws IOException {
      String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean gif = name.endsWith(".gif");
      if (!gif && !name.endsWith(".png")) {
        throw new IllegalArgumentException(output + ": unknown preview format (the name must end in .gif or .png)");
      }
      if (gif && frame != null) {
        throw new IllegalArgumentException("--frame applies to PNG output; a GIF gets every frame");
      }
      if (width < 0) {
        throw new IllegalArgumentException("--width must be positive, not " + width);
      }
      if (fps != null && !(fps >= PoseVisualizer.MIN_GIF_FPS && fps < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--fps must be at least %.4f (a GIF frame "
            + "lasts at most 655.35 s), not %s", PoseVisualizer.MIN_GIF_FPS, fps));
      }
      Pose pose = PoseReader.read(input);
      PoseVisualizer visualizer;
      try {
        visualizer = new PoseVisualizer(pose, width, transparent);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
      }
      int frames = pose.body().frames();
      long start = System.nanoTime();
      if (gif) {
        double rate = fps != null ? fps : pose.body().fps();
        if (!(rate >= PoseVisualizer.MIN_GIF_FPS) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException(input + ": the pose's frame rate is " + rate + ", too low for a GIF; "
              + "give one with --fps");
        }
        if (frames == 0) {
          throw new IllegalArgumentException(input + ": the pose has no frames");
        }
        try (ProgressBar progress = ConsoleProgress.bar("preview", frames)) {
          visualizer.writeGif(output, rate, progress::stepTo);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(input + ": " + e.getMessage() + " (--width)", e);
        }
      } else {
        int index = frame == null ? 0 : frame;
        if (index < 0 || index >= frames) {
          throw new IllegalArgumentException(input + ": --frame " + index + " is outside the pose's frames 0.."
              + (frames - 1));
        }
        visualizer.writePng(index, output);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%s: %d x %d%s, %d frame%s in %.2f s (%.0f frames/s) -> %s%n", input,
          visualizer.width(), visualizer.height(), visualizer.fitted() ? ", fitted" : "", gif ? frames : 1,
          gif && frames != 1 ? "s" : "", seconds, (gif ? frames : 1) / seconds, output);
      out.flush();
      return 0;
    }
  }
}
