package org.signwriting.animation.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.signwriting.animation.pose.Pose;
import org.signwriting.animation.pose.PoseBody;
import org.signwriting.animation.pose.PoseComponent;
import org.signwriting.animation.pose.PoseHeader;
import org.signwriting.animation.pose.PosePreprocessing;
import org.signwriting.animation.pose.PoseReader;
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
    header = "Read, inspect and pre-process .pose files.",
    description = "The binary pose format of pose-format, versions 0.0, 0.1 and 0.2; written as 0.2.",
    subcommands = {PoseCommand.Info.class, PoseCommand.Preprocess.class, CommandLine.HelpCommand.class})
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
}
