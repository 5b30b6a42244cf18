package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a job. Settings, highest priority first: {@code --conf} options, what
 * spark-submit set (system properties), {@code conf/spark-defaults.conf} of the installation. The master is the
 * one asked for, else spark-submit's, else the embedded {@code local[*]}.
 */
public final class JobSession {
  /** The installation folder ({@code bin/swa} sets it); its {@code conf/} holds the defaults. */
  public static final String HOME_PROPERTY = "swa.home";
  static final String DEFAULTS_FILE = "conf/spark-defaults.conf";
  static final String JVM_OPTIONS_RESOURCE = "java17.options";
  static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";

  private JobSession() {}

  public static SparkSession create(String appName, String master, Map<String, String> overrides)
      throws IOException {
    SparkConf conf = configuration(appName, master, overrides);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  static SparkConf configuration(String appName, String master, Map<String, String> overrides)
      throws IOException {
    SparkConf conf = new SparkConf(true); // loads spark.* system properties, i.e. spark-submit's settings
    overrides.forEach(conf::set);
    Path home = installationHome();
    if (home != null) {
      for (Map.Entry<Object, Object> e : loadDefaults(home.resolve(DEFAULTS_FILE)).entrySet()) {
        conf.setIfMissing((String) e.getKey(), ((String) e.getValue()).trim());
      }
    }
    // Executors of a cluster are separate JVMs: they need the same flags as this one, after whatever the cluster's
    // defaults or the user set for them.
    String executorOptions = conf.get(EXECUTOR_JAVA_OPTIONS, "").trim();
    String ours = executorJavaOptions();
    if (!executorOptions.contains(ours)) {
      conf.set(EXECUTOR_JAVA_OPTIONS, executorOptions.isEmpty() ? ours : executorOptions + " " + ours);
    }
    if (master != null) {
      conf.setMaster(checkMaster(master));
    } else {
      conf.setIfMissing("spark.master", "local[*]");
    }
    if (conf.get("spark.master").startsWith("spark://") && !underSparkSubmit() && !conf.contains("spark.jars")
        && home != null && Files.isRegularFile(home.resolve("target/swa.jar"))) {
      // A standalone cluster's executors start with Spark's jars only (spark-submit ships the application's, see
      // jobs/spark-submit.sh): this JVM, its driver, ships them the same way.
      conf.set("spark.jars", String.join(",", applicationJars(home)));
    }
    if (conf.get("spark.master").startsWith("local")) {
      // Embedded Spark on this machine: no web UI (a port, a server) unless asked for. Clusters keep theirs.
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing(ForklessLocalFileSystem.SETTING, ForklessLocalFileSystem.class.getName());
    return conf;
  }

  /**
   * The master asked for: what this JVM can start Spark on by itself (embedded {@code local[...]}, a standalone
   * {@code spark://} master), or, under spark-submit, whatever spark-submit accepted. YARN and Kubernetes need
   * spark-submit (their cluster managers' clients and the application's upload): named clearly.
   *
   * @throws MasterException for any other master
   */
  static String checkMaster(String master) {
    if (underSparkSubmit() || master.startsWith("local") || master.startsWith("spark://")) {
      return master;
    }
    if (master.equals("yarn") || master.startsWith("k8s://")) {
      throw new MasterException(master, "bin/swa runs Spark embedded (local[N]) or on a standalone master "
          + "(spark://HOST:PORT); submit to YARN or Kubernetes with spark-submit, e.g. SPARK_MASTER=" + master
          + " jobs/prepare-poses.sh ... (README: \"Clusters\")");
    }
    throw new MasterException(master, "not a Spark master (local[N], spark://HOST:PORT, or yarn and "
        + "k8s://HOST:PORT through spark-submit)");
  }

  /** A master this JVM cannot start a session on: the master and why, for callers to name their own option. */
  public static final class MasterException extends IllegalArgumentException {
    private final String master;
    private final String reason;

    MasterException(String master, String reason) {
      super("Spark master " + master + ": " + reason);
      this.master = master;
      this.reason = reason;
    }

    public String master() {
      return master;
    }

    public String reason() {
      return reason;
    }
  }

  /**
   * The Hadoop configuration the session of these settings would have ({@code spark.hadoop.*} applied): for
   * reading inputs before the session starts, so that a mistyped path costs a second rather than a session.
   */
  public static Configuration hadoopConfiguration(String master, Map<String, String> overrides) throws IOException {
    return ExecutorInputs.hadoopConfiguration(configuration("swa", master, overrides));
  }

  /** The flags of {@code conf/java17.options}, which the build copies beside this class. */
  public static String executorJavaOptions() throws IOException {
    try (InputStream in = JobSession.class.getResourceAsStream(JVM_OPTIONS_RESOURCE)) {
      if (in == null) {
        throw new IOException(JVM_OPTIONS_RESOURCE + " is missing from the class path (build with mvn package)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.joining(" "));
    }
  }

  private static boolean underSparkSubmit() {
    return System.getProperty("spark.submit.deployMode") != null;
  }

  /**
   * The jars executors need that a Spark distribution lacks, as jobs/spark-submit.sh lists them: the application's
   * ({@code target/swa.jar}) and its libraries ({@code target/lib}), of PyTorch's natives only those of this
   * machine's platform (the others are over 100 MB each, and a cluster's machines are taken to be of one platform).
   */
  static List<String> applicationJars(Path home) throws IOException {
    List<String> jars = new ArrayList<>(List.of(home.resolve("target/swa.jar").toString()));
    String natives = "-" + nativePlatform() + ".jar";
    try (Stream<Path> lib = Files.list(home.resolve("target/lib"))) {
      lib.map(Path::toString).filter(jar -> jar.endsWith(".jar"))
          .filter(jar -> !Path.of(jar).getFileName().toString().startsWith("pytorch-native-") || jar.endsWith(natives))
          .sorted().forEach(jars::add);
    }
    return jars;
  }

  /** This machine's platform as PyTorch's native jars name it: linux-x86_64, linux-aarch64, osx-aarch64. */
  static String nativePlatform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "osx" : "linux";
    String arch = System.getProperty("os.arch");
    return os + "-" + (arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch);
  }

  /** The installation folder, or null under a spark-submit that did not set it. */
  static Path installationHome() {
    String home = System.getProperty(HOME_PROPERTY);
    return home == null ? null : Path.of(home);
  }

  private static Properties loadDefaults(Path file) throws IOException {
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return properties;
  }

  /** A pipeline size setting ({@code spark.swa.*}, bytes; {@code 16m} style suffixes work), or the default. */
  public static long bytesSetting(SparkSession spark, String key, long defaultValue) {
    return spark.sparkContext().getConf().getSizeAsBytes(key, String.valueOf(defaultValue));
  }

  /** A pipeline count setting ({@code spark.swa.*}), or the default. */
  public static int intSetting(SparkSession spark, String key, int defaultValue) {
    return spark.sparkContext().getConf().getInt(key, defaultValue);
  }
}
