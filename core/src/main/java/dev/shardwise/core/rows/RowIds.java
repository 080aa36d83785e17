package dev.shardwise.core.rows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic {@code row_id}s: the lowercase hex of the first 16 bytes of SHA-256 over the row's
 * key fields, UTF-8, separated by {@code U+0000} (docs/architecture.md, "Output rows").
 */
public final class RowIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RowIds() {}

  public static String of(String... keyFields) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    for (int i = 0; i < keyFields.length; i++) {
      if (i > 0) {
        sha.update((byte) 0);
      }
      sha.update(keyFields[i].getBytes(StandardCharsets.UTF_8));
    }
    byte[] d = sha.digest();
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[d[i] & 0xF];
    }
    return new String(out);
  }
}
