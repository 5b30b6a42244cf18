package org.signwriting.animation.embedding;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.zip.CRC32;

/**
 * The signs kept out of embedding training for quality evaluation, the same on every run and machine:
 *
 * <ul>
 *   <li>a sign of a transcription CSV row of the {@value #TEST_SPLIT} split is held out (even when other rows of
 *       other splits also hold it), so quality is measured on the CSV's own test split;
 *   <li>otherwise a sign of a {@code train} or {@code dev} row is trained on, so a small CSV is never thinned;
 *   <li>a sign that comes from sign lists only (no split) is held out when the CRC-32 of its FSW is divisible by
 *       {@value #ONE_IN}: one in ten.
 * </ul>
 */
public final class HeldOutSigns {
  /** One sign in this many of the sign lists is held out. */
  public static final int ONE_IN = 10;
  /** The CSV split that is held out. */
  public static final String TEST_SPLIT = "test";

  private HeldOutSigns() {}

  /** The rule for a sign that comes from sign lists only. */
  public static boolean isHeldOut(String fsw) {
    CRC32 crc = new CRC32();
    crc.update(fsw.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % ONE_IN == 0;
  }

  /**
   * The rule for a sign given the CSV splits of the rows that hold it (nulls for sign lists; empty when only
   * lists hold it).
   */
  public static boolean isHeldOut(String fsw, Collection<String> splits) {
    if (splits.contains(TEST_SPLIT)) {
      return true;
    }
    if (splits.stream().anyMatch(s -> s != null)) {
      return false;
    }
    return isHeldOut(fsw);
  }
}
