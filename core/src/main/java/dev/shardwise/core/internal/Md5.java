package dev.shardwise.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * MD5 with one {@link MessageDigest} per thread, so hot paths neither look the algorithm up nor
 * allocate per call. Not part of the public API.
 */
public final class Md5 {
  /** Length of an MD5 digest in bytes. */
  public static final int LENGTH = 16;

  private static final ThreadLocal<Md5> PER_THREAD = ThreadLocal.withInitial(Md5::new);

  private final MessageDigest digest;
  private final byte[] scratch = new byte[LENGTH];

  private Md5() {
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide MD5 (MessageDigest Javadoc)
      throw new IllegalStateException("the JVM provides no MD5 MessageDigest", e);
    }
  }

  /** Returns the MD5 digest of {@code buf[off, off + len)} as a new 16-byte array. */
  public static byte[] digest(byte[] buf, int off, int len) {
    MessageDigest d = PER_THREAD.get().digest;
    d.update(buf, off, len);
    return d.digest();
  }

  /**
   * Tells whether the MD5 digest of {@code buf[off, off + len)} equals the 16 bytes at {@code
   * buf[expectedOff]}, without allocating.
   */
  public static boolean matches(byte[] buf, int off, int len, int expectedOff) {
    Md5 md5 = PER_THREAD.get();
    md5.digest.update(buf, off, len);
    try {
      md5.digest.digest(md5.scratch, 0, LENGTH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("MD5 digest did not fit 16 bytes", e);
    }
    return Arrays.equals(md5.scratch, 0, LENGTH, buf, expectedOff, expectedOff + LENGTH);
  }

  /** Writes the MD5 digest of {@code buf[off, off + len)} to {@code buf[dest, dest + 16)}. */
  public static void digestInto(byte[] buf, int off, int len, int dest) {
    MessageDigest d = PER_THREAD.get().digest;
    d.update(buf, off, len);
    try {
      d.digest(buf, dest, LENGTH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("no room for the MD5 digest at offset " + dest, e);
    }
  }
}
