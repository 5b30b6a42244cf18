package org.signwriting.animation.spark;

import org.apache.spark.TaskContext;

/**
 * PyTorch's threads in an executor JVM: as many intra-op threads as a task holds cores ({@code spark.task.cpus},
 * 1 by default) and one inter-op thread, so that the tasks an executor runs side by side never ask for more
 * threads than its cores. (PyTorch's default, one thread per core of the machine in every task, oversubscribes
 * a machine N-fold with N tasks; with OpenMP's default spin-waiting, measured here 3-20 times slower.) OpenMP's
 * wait policy is an environment variable read when libtorch loads, so it comes from
 * {@code spark.executorEnv.OMP_WAIT_POLICY} (conf/spark-defaults.conf), not from here.
 *
 * <p>DJL reads the thread counts once, when the engine starts in the JVM: the first task that uses DJL decides
 * them, and an explicit {@code ai.djl.pytorch.num_threads} (e.g. {@code --torch-threads} in local mode, where the
 * driver is the executor) wins.
 */
public final class ExecutorTorch {
  static final String THREADS = "ai.djl.pytorch.num_threads";
  static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private ExecutorTorch() {}

  /** Sets the thread counts from the running task's cores, unless they are set already; before DJL starts. */
  public static synchronized void useTaskCores() {
    TaskContext task = TaskContext.get();
    if (System.getProperty(THREADS) == null) {
      System.setProperty(THREADS, Integer.toString(task == null ? 1 : Math.max(1, task.cpus())));
    }
    if (System.getProperty(INTEROP_THREADS) == null) {
      System.setProperty(INTEROP_THREADS, "1");
    }
  }
}
