package org.signwriting.animation.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a job. Settings, highest priority first: {@code --conf} options, what
 * spark-submit set (system properties), {@code conf/spark-defaults.conf} of the installation. The master is
 * {@code --master}, else spark-submit's, else the embedded {@code local[*]}.
 */
public final class JobSession {
  /** The installation folder ({@code bin/swa} sets it); its {@code conf/} holds the defaults. */
  public static final String HOME_PROPERTY = "swa.home";
  static final String DEFAULTS_FILE = "conf/spark-defaults.conf";
  static final String JVM_OPTIONS_FILE = "conf/java17.options";

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
      Path jvmOptions = home.resolve(JVM_OPTIONS_FILE);
      if (Files.isRegularFile(jvmOptions)) {
        // Executors of a cluster are separate JVMs: they need the same module flags as this one.
        conf.setIfMissing("spark.executor.extraJavaOptions", javaOptionsLine(jvmOptions));
      }
    }
    if (master != null) {
      conf.setMaster(master);
    } else {
      conf.setIfMissing("spark.master", "local[*]");
    }
    conf.setIfMissing("spark.app.name", appName);
    return conf;
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

  /** The flags of {@code conf/java17.options} (one per line) as one command-line string. */
  public static String javaOptionsLine(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.joining(" "));
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
