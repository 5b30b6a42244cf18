package org.signwriting.animation.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.util.Platform;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch CPU natives of every platform Maven Central has for 2.7.1 are on the class path, and DJL picks the
 * one of the machine at run time: shown by making this JVM look like each platform in turn. Without a natives jar
 * for the platform, DJL answers a placeholder made from the system alone (and would try to download libtorch at
 * run time), so the answer must not be one.
 */
class NativesTest {
  /** The classifier of the natives DJL finds on the class path for a platform, or null when it finds none. */
  private static String classifierOn(String osName, String osArch) {
    String name = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    System.setProperty("os.name", osName);
    System.setProperty("os.arch", osArch);
    try {
      Platform platform = Platform.detectPlatform("pytorch");
      assertEquals("2.7.1", platform.getVersion().replaceAll("-.*", ""), platform.toString());
      return platform.isPlaceholder() ? null : platform.getClassifier();
    } finally {
      System.setProperty("os.name", name);
      System.setProperty("os.arch", arch);
    }
  }

  @Test
  void linuxOnIntelAndArmAndMacOnAppleSilicon() {
    assertEquals("linux-x86_64", classifierOn("Linux", "amd64"));
    assertEquals("linux-aarch64", classifierOn("Linux", "aarch64"));
    assertEquals("osx-aarch64", classifierOn("Mac OS X", "aarch64"));
    assertNull(classifierOn("Mac OS X", "x86_64"), "Maven Central has no 2.7.1 natives for macOS on Intel");
  }
}
