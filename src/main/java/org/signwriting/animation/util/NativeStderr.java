package org.signwriting.animation.util;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs a piece of work with the process's standard error (file descriptor 2) pointed at {@code /dev/null}, for
 * native libraries that write there directly, where Java's {@code System.err} cannot filter them. Used around the
 * first DJL call that makes libtorch print its one-time "AutoNonVariableTypeMode is deprecated" warning (DJL's JNI
 * for {@code NDArray.copyTo} still takes that guard; libtorch reads no setting that silences it outside Python).
 *
 * <p>File descriptor 2 belongs to the whole process: while it points at {@code /dev/null}, whatever any other thread
 * writes to standard error (Java's {@code System.err} included) is lost too. So the work is muted once per process
 * only (libtorch prints such a warning once per process; later calls run as they are), calls are serialized, and
 * the work should be short. Where the C library cannot be reached (no JNA, not a POSIX system) the work runs as it
 * is.
 */
public final class NativeStderr {
  private static final int STDERR = 2;
  private static final int WRITE_ONLY = 1;
  private static boolean mutedBefore;

  /** The few C library calls needed. */
  interface C extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  private NativeStderr() {}

  /** Runs {@code work} with standard error muted, the first time in this process; later calls just run it. */
  public static synchronized void mutedOnce(Runnable work) {
    if (mutedBefore) {
      work.run();
      return;
    }
    mutedBefore = true;
    C c;
    try {
      c = Native.load("c", C.class);
    } catch (LinkageError | RuntimeException unavailable) {
      work.run();
      return;
    }
    System.err.flush();
    int saved = c.dup(STDERR);
    int devNull = c.open("/dev/null", WRITE_ONLY);
    if (saved < 0 || devNull < 0 || c.dup2(devNull, STDERR) < 0) {
      closeAll(c, saved, devNull);
      work.run();
      return;
    }
    try {
      work.run();
    } finally {
      System.err.flush();
      boolean restored = c.dup2(saved, STDERR) >= 0;
      closeAll(c, saved, devNull);
      if (!restored) {
        // Nothing can be said on standard error any more: say it on standard output.
        System.out.println("warning: standard error could not be restored after muting a native warning");
      }
    }
  }

  private static void closeAll(C c, int... fds) {
    for (int fd : fds) {
      if (fd >= 0) {
        c.close(fd);
      }
    }
  }
}
