package org.signwriting.animation.testing;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.spark.JobSession;

/** One embedded Spark session (local[2]) shared by the unit tests of a test JVM: starting one costs seconds. */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      // The jobs read conf/spark-defaults.conf of the installation; in the tests that is the project.
      if (System.getProperty(JobSession.HOME_PROPERTY) == null && System.getProperty("swa.project.dir") != null) {
        System.setProperty(JobSession.HOME_PROPERTY, System.getProperty("swa.project.dir"));
      }
      try {
        session = JobSession.create("swa tests", "local[2]",
            Map.of("spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "4"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return session;
  }
}
