package org.signwriting.animation.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.signwriting.animation.io.Inputs;
import org.signwriting.animation.spark.JobSession;
import org.signwriting.animation.spark.JobSummary;
import picocli.CommandLine.Option;

/** The Spark options every job command shares, and the run of a job in a session made from them. */
final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master: local[N] or spark://HOST:PORT (default: the one spark-submit gives, else "
          + "local[*], embedded Spark on every core of this machine); yarn and k8s://... through spark-submit "
          + "(the jobs/ scripts).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark or pipeline setting (spark.swa.*), over conf/spark-defaults.conf. Repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  /** A job's body, given the session. */
  interface Job {
    JobSummary run(SparkSession spark) throws Exception;
  }

  /**
   * The inputs as the job's session will read them (its {@code spark.hadoop.*} settings and default file system),
   * for checks before the session starts.
   */
  Inputs inputs() throws java.io.IOException {
    try {
      return Inputs.with(JobSession.hadoopConfiguration(master, conf));
    } catch (JobSession.MasterException e) {
      throw inOption(e);
    }
  }

  /** Runs the job in a new session, prints its summary to stdout and stops the session. */
  int run(String appName, Job job) throws Exception {
    SparkSession spark;
    try {
      spark = JobSession.create(appName, master, conf);
    } catch (JobSession.MasterException e) {
      throw inOption(e);
    }
    try {
      JobSummary summary = job.run(spark);
      summary.print(System.out);
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** A master the session refused, in the words of this option. */
  private static IllegalArgumentException inOption(JobSession.MasterException e) {
    return new IllegalArgumentException("--master " + e.master() + ": " + e.reason(), e);
  }
}
