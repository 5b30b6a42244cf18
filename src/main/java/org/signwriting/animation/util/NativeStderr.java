package org.signwriting.animation.util;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs a piece of work with the process's standard error (file descriptor 2) pointed at {@code /dev/null}, for
 * native libraries that write there directly, where Java's {@code System.err} cannot filter them. Used once, around
 * the first DJL call that makes libtorch print its one-time "AutoNonVariableTypeMode is deprecated" warning (DJL's
 * JNI for {@code NDArray.copyTo} still takes that guard). Where the C library cannot be reached (no JNA, not a POSIX
 * system) the work runs as it is.
 */
public final class NativeStderr {
  private static final int STDERR = 2;
  private static final int WRITE_ONLY = 1;

  /** The few C library calls needed. */
  interface C extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  private NativeStderr() {}

  public static synchronized void muted(Runnable work) {
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
      c.dup2(saved, STDERR);
      closeAll(c, saved, devNull);
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
