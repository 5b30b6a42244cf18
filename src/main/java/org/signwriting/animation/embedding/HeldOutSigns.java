package org.signwriting.animation.embedding;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The signs kept out of training for quality evaluation: one in ten, chosen by a checksum of the sign's
 * FSW, so every run and every machine agrees, whatever list the sign arrived in.
 */
public final class HeldOutSigns {
  /** One sign in this many is held out. */
  public static final int ONE_IN = 10;

  private HeldOutSigns() {}

  public static boolean isHeldOut(String fsw) {
    CRC32 crc = new CRC32();
    crc.update(fsw.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % ONE_IN == 0;
  }

  public static String describe() {
    return "signs whose CRC-32 of the FSW is divisible by " + ONE_IN;
  }
}
