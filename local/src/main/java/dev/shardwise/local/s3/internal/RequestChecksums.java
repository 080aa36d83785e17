package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.S3Exception;
import java.util.Base64;
import java.util.Locale;

/** Reads the additional checksum a request announces (header, trailer, algorithm header). */
public final class RequestChecksums {

  /** What the request says about its checksum: the algorithm and the header value or trailer. */
  public record Claim(ChecksumAlgorithm algorithm, String headerValue, boolean inTrailer) {}

  private RequestChecksums() {}

  /**
   * The checksum claim of a request, or null when it makes none.
   *
   * @throws S3Exception 400 {@code InvalidRequest} for several checksum headers, an unknown
   *     algorithm, a malformed value or an algorithm header without a value
   */
  public static Claim claim(S3Request req) throws S3Exception {
    ChecksumAlgorithm fromHeader = null;
    String value = null;
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String v = req.header(a.headerName());
      if (v != null) {
        if (fromHeader != null) {
          throw new S3Exception(
              "InvalidRequest",
              400,
              "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        fromHeader = a;
        value = v.trim();
      }
    }
    ChecksumAlgorithm fromTrailer = null;
    String trailer = req.header("x-amz-trailer");
    if (trailer != null) {
      String name = trailer.trim().toLowerCase(Locale.ROOT);
      for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
        if (a.headerName().equals(name)) {
          fromTrailer = a;
        }
      }
      if (fromTrailer == null) {
        throw new S3Exception(
            "InvalidRequest",
            400,
            "The value specified in the x-amz-trailer header is not supported");
      }
    }
    String sdkAlgorithm = req.header("x-amz-sdk-checksum-algorithm");
    ChecksumAlgorithm announced = null;
    if (sdkAlgorithm != null) {
      announced = ChecksumAlgorithm.parse(sdkAlgorithm);
      if (announced == null) {
        throw new S3Exception(
            "InvalidRequest", 400, "Value for x-amz-sdk-checksum-algorithm header is invalid.");
      }
    }
    if (fromHeader != null && fromTrailer != null) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    }
    ChecksumAlgorithm algorithm = fromHeader != null ? fromHeader : fromTrailer;
    if (algorithm == null) {
      if (announced != null) {
        throw new S3Exception(
            "InvalidRequest",
            400,
            "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or"
                + " x-amz-trailer headers were found.");
      }
      return null;
    }
    if (announced != null && announced != algorithm) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "Value for x-amz-sdk-checksum-algorithm header is invalid: it names "
              + announced
              + " but the checksum sent is "
              + algorithm);
    }
    if (value != null && !isWellFormed(algorithm, value)) {
      throw invalidValue(algorithm);
    }
    return new Claim(algorithm, value, fromTrailer != null);
  }

  /** Whether a value is base64 of exactly the algorithm's length. */
  public static boolean isWellFormed(ChecksumAlgorithm algorithm, String value) {
    try {
      return Base64.getDecoder().decode(value).length == algorithm.length();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static S3Exception invalidValue(ChecksumAlgorithm algorithm) {
    return new S3Exception(
        "InvalidRequest", 400, "Value for " + algorithm.headerName() + " header is invalid.");
  }
}
