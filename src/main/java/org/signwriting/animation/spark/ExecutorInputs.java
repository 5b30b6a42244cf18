package org.signwriting.animation.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.signwriting.animation.io.Inputs;

/**
 * The inputs of an executor JVM, one per JVM: read with the application's Hadoop settings ({@code spark.hadoop.*}
 * of its Spark configuration, the cluster's {@code core-site.xml}), made on first use. The driver hands the tasks
 * qualified locations (local absolute paths or URIs), so the executors never guess at a default file system.
 */
final class ExecutorInputs {
  private static volatile Inputs inputs;

  private ExecutorInputs() {}

  static Inputs get() {
    Inputs current = inputs;
    if (current == null) {
      synchronized (ExecutorInputs.class) {
        if (inputs == null) {
          SparkEnv env = SparkEnv.get();
          inputs = Inputs.with(env == null ? new Configuration() : hadoopConfiguration(env.conf()));
        }
        current = inputs;
      }
    }
    return current;
  }

  /** A Hadoop configuration with the {@code spark.hadoop.*} settings of a Spark configuration applied. */
  static Configuration hadoopConfiguration(SparkConf spark) {
    Configuration hadoop = new Configuration();
    for (scala.Tuple2<String, String> entry : spark.getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(entry._1(), entry._2());
    }
    return hadoop;
  }
}
