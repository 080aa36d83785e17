package dev.shardwise.local.s3;

import dev.shardwise.local.s3.internal.Crc64Nvme;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The additional checksums S3 computes and stores besides the ETag ({@code x-amz-checksum-<name>}).
 * Values travel as base64 of the big-endian checksum bytes.
 */
public enum ChecksumAlgorithm {
  CRC32(4),
  CRC32C(4),
  CRC64NVME(8),
  SHA1(20),
  SHA256(32);

  private final int length;

  ChecksumAlgorithm(int length) {
    this.length = length;
  }

  /** The request and response header, e.g. {@code x-amz-checksum-crc32}. */
  public String headerName() {
    return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
  }

  /** The XML element in listings and multipart bodies, e.g. {@code ChecksumCRC32}. */
  public String xmlElement() {
    return "Checksum" + name();
  }

  /** Length of the raw checksum in bytes. */
  public int length() {
    return length;
  }

  /** The algorithm named case-insensitively ({@code crc32}, {@code SHA256}), or null. */
  public static ChecksumAlgorithm parse(String name) {
    if (name == null) {
      return null;
    }
    for (ChecksumAlgorithm a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    return null;
  }

  /** A fresh digest for this algorithm; not thread-safe. */
  public Digest newDigest() {
    return switch (this) {
      case CRC32 -> new CrcDigest(new CRC32(), 4);
      case CRC32C -> new CrcDigest(new CRC32C(), 4);
      case CRC64NVME -> new CrcDigest(new Crc64Nvme(), 8);
      case SHA1 -> new HashDigest(messageDigest("SHA-1"));
      case SHA256 -> new HashDigest(messageDigest("SHA-256"));
    };
  }

  private static MessageDigest messageDigest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + name, e);
    }
  }

  /** A running checksum over a byte stream. */
  public interface Digest {
    void update(byte[] b, int off, int len);

    /** The checksum bytes (big-endian); the digest must not be used afterwards. */
    byte[] finish();
  }

  private record CrcDigest(java.util.zip.Checksum crc, int bytes) implements Digest {
    @Override
    public void update(byte[] b, int off, int len) {
      crc.update(b, off, len);
    }

    @Override
    public byte[] finish() {
      long v = crc.getValue();
      byte[] out = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
      }
      return out;
    }
  }

  private record HashDigest(MessageDigest md) implements Digest {
    @Override
    public void update(byte[] b, int off, int len) {
      md.update(b, off, len);
    }

    @Override
    public byte[] finish() {
      return md.digest();
    }
  }
}
