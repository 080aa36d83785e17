package dev.shardwise.local.s3;

import java.util.Objects;

/**
 * An object's additional checksum as S3 reports it: the algorithm, the base64 value, and whether it
 * covers the whole object ({@code FULL_OBJECT}) or is a checksum of the parts' checksums with a
 * {@code -<parts>} suffix ({@code COMPOSITE}, multipart uploads).
 */
public record Checksum(ChecksumAlgorithm algorithm, String value, Type type) {

  public enum Type {
    FULL_OBJECT,
    COMPOSITE
  }

  public Checksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(type, "type");
  }

  /** A full-object checksum of {@code raw} checksum bytes. */
  public static Checksum fullObject(ChecksumAlgorithm algorithm, byte[] raw) {
    return new Checksum(
        algorithm, java.util.Base64.getEncoder().encodeToString(raw), Type.FULL_OBJECT);
  }
}
