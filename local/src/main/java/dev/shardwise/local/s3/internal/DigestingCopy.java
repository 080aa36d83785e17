package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streams bytes into a file while computing their MD5 (the ETag) and, optionally, an additional
 * checksum, with one fixed buffer: a 100 MB object never sits in memory. The input is read to its
 * end, so a verifying input stream gets to reject the body before anything is committed.
 */
public final class DigestingCopy {
  private static final int BUFFER = 64 * 1024;

  /** The outcome: bytes written, their MD5 and their additional checksum (null if none asked). */
  public record Result(long size, byte[] md5, byte[] checksum) {}

  private DigestingCopy() {}

  public static Result copy(InputStream in, Path target, ChecksumAlgorithm algorithm)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      return copy(in, out, algorithm);
    }
  }

  public static Result copy(InputStream in, OutputStream out, ChecksumAlgorithm algorithm)
      throws IOException {
    MessageDigest md5 = md5();
    ChecksumAlgorithm.Digest extra = algorithm == null ? null : algorithm.newDigest();
    byte[] buf = new byte[BUFFER];
    long size = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (n == 0) {
        continue;
      }
      md5.update(buf, 0, n);
      if (extra != null) {
        extra.update(buf, 0, n);
      }
      out.write(buf, 0, n);
      size += n;
    }
    return new Result(size, md5.digest(), extra == null ? null : extra.finish());
  }

  public static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
