package org.signwriting.animation.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a sign (or of a sequence of signs): the first 16 hex digits of the SHA-256 of its FSW. The same
 * sign gets the same id in every table and every run, so prepare-poses rows, rendered images and embeddings
 * join on it.
 */
public final class SignIds {
  private SignIds() {}

  public static String of(String fsw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(fsw.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
