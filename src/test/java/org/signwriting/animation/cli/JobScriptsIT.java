package org.signwriting.animation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jobs/spark-submit.sh} hands spark-submit, read from a stand-in {@code SPARK_HOME/bin/spark-submit}
 * that records its arguments and the driver's flags: the cluster's defaults load, the user's options come through
 * (executor and driver Java options, driver memory), the UI is not turned off, and the DJL jobs ship the natives of
 * one platform.
 */
class JobScriptsIT {
  @TempDir Path dir;

  private List<String> submitted(String job, Map<String, String> env) throws IOException, InterruptedException {
    Path project = Path.of(System.getProperty("swa.project.dir", "."));
    Path bin = Files.createDirectories(dir.resolve("spark/bin"));
    Files.createDirectories(dir.resolve("spark/jars"));
    Path args = dir.resolve("args.txt");
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + args + "'\n"
        + "printf '%s' \"$SPARK_SUBMIT_OPTS\" > '" + dir.resolve("submit-opts.txt") + "'\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder(project.resolve("jobs/" + job + ".sh").toString(), "--output", "out")
        .redirectErrorStream(true);
    builder.environment().put("SPARK_HOME", dir.resolve("spark").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return Files.readAllLines(args);
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
    return args.get(i + 1);
  }

  @Test
  void theClustersDefaultsAndTheUsersOptionsApply() throws Exception {
    List<String> args = submitted("prepare-poses", Map.of("SPARK_MASTER", "yarn",
        "SWA_SUBMIT_OPTIONS", "--deploy-mode cluster --conf spark.executor.extraJavaOptions=-Dmine=1"));
    assertEquals("yarn", after(args, "--master"));
    assertTrue(after(args, "--properties-file").endsWith("conf/spark-defaults.conf"));
    assertTrue(args.contains("--load-spark-defaults"), "the cluster's spark-defaults.conf applies: " + args);
    assertEquals("cluster", after(args, "--deploy-mode"));
    assertEquals(List.of("spark.executor.extraJavaOptions=-Dmine=1"),
        args.stream().filter(a -> a.startsWith("spark.executor.extraJavaOptions")).toList(),
        "the script sets no executor options of its own: the driver appends them to the user's");
    assertFalse(String.join(" ", args).contains("spark.ui.enabled"), args.toString());
    assertFalse(args.contains("--driver-java-options"), "it would replace the cluster's spark.driver.extraJavaOptions");
    String driverFlags = Files.readString(dir.resolve("submit-opts.txt"));
    assertTrue(driverFlags.contains("-Dswa.progress=lines"), "stderr is not a terminal: " + driverFlags);
    assertTrue(driverFlags.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), driverFlags);
    assertEquals("2g", after(args, "--driver-memory"), "the cluster's defaults set no driver memory");
    assertFalse(after(args, "--jars").contains("pytorch-native"), "no natives for a job without PyTorch");
    int jar = args.indexOf(args.stream().filter(a -> a.endsWith("target/swa.jar")).findFirst().orElseThrow());
    assertEquals(List.of("prepare-poses", "--output", "out"), args.subList(jar + 1, args.size()));
  }

  @Test
  void theClustersDriverSettingsAreKept() throws Exception {
    Files.createDirectories(dir.resolve("spark/conf"));
    Files.writeString(dir.resolve("spark/conf/spark-defaults.conf"), "spark.driver.memory 6g\n");
    List<String> args = submitted("pose-stats", Map.of("SPARK_SUBMIT_OPTS", "-Dcluster.setting=1",
        "SWA_SUBMIT_OPTIONS", "--conf spark.driver.extraJavaOptions=-Dmine=2"));
    assertFalse(args.contains("--driver-memory"), "the cluster's spark.driver.memory applies: " + args);
    assertTrue(args.contains("spark.driver.extraJavaOptions=-Dmine=2"), args.toString());
    String driverFlags = Files.readString(dir.resolve("submit-opts.txt"));
    assertTrue(driverFlags.startsWith("-Dcluster.setting=1 ") && driverFlags.contains("-Dswa.progress="),
        driverFlags);
    List<String> asked = submitted("pose-stats", Map.of("SWA_DRIVER_MEMORY", "3g"));
    assertEquals("3g", after(asked, "--driver-memory"));
  }

  @Test
  void helpExplainsTheEnvironmentAndTheJobWithoutASpark() throws Exception {
    Path project = Path.of(System.getProperty("swa.project.dir", "."));
    ProcessBuilder builder = new ProcessBuilder(project.resolve("jobs/pose-stats.sh").toString(), "--help")
        .redirectErrorStream(true);
    builder.environment().remove("SPARK_HOME");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("SPARK_MASTER ") && output.contains("SWA_SUBMIT_OPTIONS "), output);
    assertTrue(output.contains("Usage: swa pose-stats"), output);
  }

  @Test
  void theDjlJobsShipTheNativesOfTheClustersPlatform() throws Exception {
    List<String> jars = List.of(after(submitted("prepare-embeddings", Map.of()), "--jars").split(","));
    assertEquals(1, jars.stream().filter(j -> j.contains("pytorch-native-cpu")).count(), jars.toString());
    assertTrue(jars.stream().anyMatch(j -> j.endsWith("pytorch-native-cpu-2.7.1-linux-x86_64.jar")), jars.toString());
    List<String> arm = new ArrayList<>(List.of(after(submitted("prepare-embeddings",
        Map.of("SWA_NATIVES", "linux-aarch64")), "--jars").split(",")));
    arm.removeIf(j -> !j.contains("pytorch-native-cpu"));
    assertEquals(1, arm.size());
    assertTrue(arm.get(0).endsWith("pytorch-native-cpu-2.7.1-linux-aarch64.jar"), arm.toString());
  }
}
