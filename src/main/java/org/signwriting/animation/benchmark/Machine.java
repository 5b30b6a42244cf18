package org.signwriting.animation.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a benchmark ran on: the cores and the load average, printed beside every figure because on a shared
 * machine the load moves the absolute figures far more than any change of the code does.
 */
public final class Machine {
  private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

  private Machine() {}

  /** The 1-minute load average, or NaN where the system does not publish it. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(LOAD_AVERAGE).split(" ", 2)[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** E.g. {@code "2 cores, load average 3.41"}. */
  public static String describe() {
    return cores() + ", load average " + format(loadAverage());
  }

  /** CPU time of this process so far, all its threads, in nanoseconds (-1 where the JVM cannot tell). */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Remembers the load average now, to print it beside the one at the end of a benchmark. */
  public static Watch watch() {
    return new Watch(loadAverage());
  }

  /** The load at the start of a benchmark. */
  public record Watch(double startLoad) {
    /** E.g. {@code "2 cores, load average 3.41 at the start, 4.02 at the end"}. */
    public String describe() {
      return cores() + ", load average " + format(startLoad)
          + " at the start, " + format(loadAverage()) + " at the end";
    }
  }

  /** The processors this JVM may run on (a {@code taskset} narrows them), e.g. {@code "1 core"}. */
  private static String cores() {
    int cores = Runtime.getRuntime().availableProcessors();
    return cores + (cores == 1 ? " core" : " cores");
  }

  private static String format(double load) {
    return Double.isNaN(load) ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
  }
}
