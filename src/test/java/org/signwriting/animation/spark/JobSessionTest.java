package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSessionTest {
  @Test
  void theExecutorsFlagsAreAppendedToWhatTheUserSet() throws Exception {
    String ours = JobSession.executorJavaOptions();
    assertTrue(ours.contains("--add-opens=java.base/java.nio=ALL-UNNAMED") && ours.contains("-Dai.djl.offline=true"),
        ours);
    SparkConf alone = JobSession.configuration("test", "local[1]", Map.of());
    assertEquals(ours, alone.get(JobSession.EXECUTOR_JAVA_OPTIONS));
    SparkConf user = JobSession.configuration("test", "local[1]",
        Map.of(JobSession.EXECUTOR_JAVA_OPTIONS, "-XX:+UseG1GC -Dmy.setting=1"));
    assertEquals("-XX:+UseG1GC -Dmy.setting=1 " + ours, user.get(JobSession.EXECUTOR_JAVA_OPTIONS));
    SparkConf again = JobSession.configuration("test", "local[1]",
        Map.of(JobSession.EXECUTOR_JAVA_OPTIONS, user.get(JobSession.EXECUTOR_JAVA_OPTIONS)));
    assertEquals(user.get(JobSession.EXECUTOR_JAVA_OPTIONS), again.get(JobSession.EXECUTOR_JAVA_OPTIONS),
        "not appended twice");
  }

  @Test
  void theWebUiIsOffForEmbeddedSparkOnly() throws Exception {
    assertEquals("false", JobSession.configuration("test", "local[2]", Map.of()).get("spark.ui.enabled"));
    assertEquals("true", JobSession.configuration("test", "local[2]", Map.of("spark.ui.enabled", "true"))
        .get("spark.ui.enabled"));
    assertFalse(JobSession.configuration("test", "spark://127.0.0.1:7077", Map.of()).contains("spark.ui.enabled"),
        "a cluster keeps its UI");
  }

  @Test
  void yarnAndKubernetesAreNamedAsSparkSubmitsWork() {
    assertEquals("local[4]", JobSession.checkMaster("local[4]"));
    assertEquals("spark://host:7077", JobSession.checkMaster("spark://host:7077"));
    for (String master : new String[] {"yarn", "k8s://https://kubernetes.default.svc:443"}) {
      JobSession.MasterException e = assertThrows(JobSession.MasterException.class,
          () -> JobSession.checkMaster(master));
      assertEquals(master, e.master());
      assertTrue(e.getMessage().startsWith("Spark master " + master + ": bin/swa runs Spark embedded"),
          e.getMessage());
      assertTrue(e.reason().contains("SPARK_MASTER=" + master + " jobs/prepare-poses.sh"), e.getMessage());
      assertFalse(e.getMessage().contains("--"), "a library message names no command-line option: " + e.getMessage());
    }
    JobSession.MasterException e = assertThrows(JobSession.MasterException.class,
        () -> JobSession.checkMaster("mars"));
    assertEquals("Spark master mars: not a Spark master (local[N], spark://HOST:PORT, or yarn and k8s://HOST:PORT "
        + "through spark-submit)", e.getMessage());
    String before = System.getProperty("spark.submit.deployMode");
    System.setProperty("spark.submit.deployMode", "cluster");
    try {
      assertEquals("yarn", JobSession.checkMaster("yarn"), "under spark-submit, what it accepted");
    } finally {
      if (before == null) {
        System.clearProperty("spark.submit.deployMode");
      } else {
        System.setProperty("spark.submit.deployMode", before);
      }
    }
  }

  /** bin/swa on a standalone master is the driver: it ships the jars spark-submit would, natives of one platform. */
  @Test
  void aStandaloneMasterGetsTheApplicationsJars(@TempDir Path home) throws Exception {
    Path lib = Files.createDirectories(home.resolve("target/lib"));
    Files.createFile(home.resolve("target/swa.jar"));
    String platform = JobSession.nativePlatform();
    for (String jar : List.of("picocli-4.7.7.jar", "pytorch-native-cpu-2.7.1-" + platform + ".jar",
        "pytorch-native-cpu-2.7.1-other-arch.jar", "notes.txt")) {
      Files.createFile(lib.resolve(jar));
    }
    assertEquals(List.of(home.resolve("target/swa.jar").toString(), lib.resolve("picocli-4.7.7.jar").toString(),
        lib.resolve("pytorch-native-cpu-2.7.1-" + platform + ".jar").toString()), JobSession.applicationJars(home));
    String before = System.getProperty(JobSession.HOME_PROPERTY);
    System.setProperty(JobSession.HOME_PROPERTY, home.toString());
    try {
      assertEquals(String.join(",", JobSession.applicationJars(home)),
          JobSession.configuration("test", "spark://127.0.0.1:7077", Map.of()).get("spark.jars"));
      assertFalse(JobSession.configuration("test", "local[1]", Map.of()).contains("spark.jars"));
      assertEquals("mine.jar", JobSession.configuration("test", "spark://127.0.0.1:7077",
          Map.of("spark.jars", "mine.jar")).get("spark.jars"), "the user's jars are theirs to choose");
    } finally {
      if (before == null) {
        System.clearProperty(JobSession.HOME_PROPERTY);
      } else {
        System.setProperty(JobSession.HOME_PROPERTY, before);
      }
    }
  }
}
