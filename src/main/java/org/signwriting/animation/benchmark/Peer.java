package org.signwriting.animation.benchmark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A reference implementation timed beside a benchmark, in the same run: a Python script of the installation's
 * {@code bench/} folder that prints its figures as one JSON line. The interpreter is the first of
 * {@code --python}, {@code $SWA_PYTHON}, {@code python3} and {@code /usr/bin/python3} that imports what the
 * script needs; when none does, the peer is unavailable and the benchmark says so beside its own figures.
 */
public final class Peer {
  private static final long PROBE_SECONDS = 60;

  private final String name;
  private final Path script;
  private final String python;
  private final Map<String, String> environment;
  private final String unavailable;

  private Peer(String name, Path script, String python, Map<String, String> environment, String unavailable) {
    this.name = name;
    this.script = script;
    this.python = python;
    this.environment = environment;
    this.unavailable = unavailable;
  }

  /**
   * Finds the interpreter for {@code bench/SCRIPT}.
   *
   * @param name what the peer is, in words (e.g. "Python signwriting fsw_to_sign")
   * @param python an interpreter named by the user, or null
   * @param environment variables for the probe and the runs (e.g. PYTHONPATH, thread counts)
   * @param modules what the script imports, e.g. {@code torch}
   */
  public static Peer find(String name, String scriptName, String python, Map<String, String> environment,
      List<String> modules) {
    Path script = BenchmarkFiles.home().resolve("bench").resolve(scriptName);
    if (!Files.isRegularFile(script)) {
      return new Peer(name, script, null, environment, script + " is missing");
    }
    Set<String> candidates = new LinkedHashSet<>();
    if (python != null) {
      candidates.add(python);
    } else {
      String fromEnvironment = System.getenv("SWA_PYTHON");
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        candidates.add(fromEnvironment);
      }
      candidates.add("python3");
      candidates.add("/usr/bin/python3");
    }
    String imports = "import " + String.join(", ", modules);
    for (String candidate : candidates) {
      if (imports(candidate, imports, environment)) {
        return new Peer(name, script, candidate, environment, null);
      }
    }
    return new Peer(name, script, null, environment, "no Python among " + String.join(", ", candidates)
        + " can '" + imports + "'" + (environment.containsKey("PYTHONPATH") ? " (PYTHONPATH="
        + environment.get("PYTHONPATH") + ")" : ""));
  }

  private static boolean imports(String python, String imports, Map<String, String> environment) {
    try {
      ProcessBuilder builder = new ProcessBuilder(python, "-c", imports).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String name() {
    return name;
  }

  public boolean available() {
    return unavailable == null;
  }

  /** Why the peer cannot run, or null when it can. */
  public String unavailableReason() {
    return unavailable;
  }

  /** E.g. {@code "Python signwriting fsw_to_sign (/usr/bin/python3)"}. */
  public String describe() {
    return name + (available() ? " (" + python + ")" : "");
  }

  /**
   * Runs the script with {@code arguments} and returns the JSON object of the last line it printed.
   *
   * @throws IOException when it fails, times out or prints no JSON (with the end of its error output)
   */
  public JsonObject run(List<String> arguments, long timeoutSeconds) throws IOException {
    if (!available()) {
      throw new IllegalStateException(name + " is not available: " + unavailable);
    }
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    command.addAll(arguments);
    Path out = Files.createTempFile("swa-peer-", ".out");
    Path err = Files.createTempFile("swa-peer-", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException(name + ": interrupted", e);
      }
      if (!finished) {
        process.destroyForcibly();
        throw new IOException(name + ": no answer within " + timeoutSeconds + " s");
      }
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0 || lines.isEmpty()) {
        throw new IOException(name + ": exit code " + process.exitValue() + ": " + tail(err));
      }
      try {
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new IOException(name + ": printed no JSON figures: " + lines.get(lines.size() - 1), e);
      }
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String tail(Path err) throws IOException {
    List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  /** The numbers of a JSON array field as samples. */
  public static Samples samples(JsonObject figures, String field) {
    var array = figures.getAsJsonArray(field);
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsDouble();
    }
    return new Samples(values);
  }
}
