package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.S3Exception;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a request's body into the bytes the client meant, checked: decodes {@code aws-chunked}
 * (every SigV4 streaming variant), and verifies {@code x-amz-content-sha256}, {@code Content-MD5}
 * and the additional checksum (header or trailer) when the body has been read to its end.
 */
public final class RequestBodies {
  private static final Set<String> STREAMING =
      Set.of(
          "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
          "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
          "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER");

  /**
   * A body ready to read: the decoded, verifying stream, the additional checksum algorithm the
   * client used (null if none) and the declared decoded length (-1 if unknown).
   */
  public record Body(
      VerifyingInputStream stream, ChecksumAlgorithm algorithm, long declaredLength) {}

  private RequestBodies() {}

  public static Body open(S3Request req) throws S3Exception {
    InputStream raw = new BufferedInputStream(req.exchange().getRequestBody(), 64 * 1024);
    String sha = req.header("x-amz-content-sha256");
    boolean streaming = sha != null && sha.startsWith("STREAMING-");
    if (streaming && !STREAMING.contains(sha)) {
      throw S3Exception.invalidArgument(
          "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER,"
              + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], or a valid sha256 value.",
          "x-amz-content-sha256",
          sha);
    }
    byte[] expectedSha = null;
    if (sha != null && !streaming && !sha.equals("UNSIGNED-PAYLOAD")) {
      if (!sha.matches("[0-9a-fA-F]{64}")) {
        throw S3Exception.invalidArgument(
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER,"
                + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], or a valid sha256 value.",
            "x-amz-content-sha256",
            sha);
      }
      expectedSha = HexFormat.of().parseHex(sha.toLowerCase(Locale.ROOT));
    }
    boolean chunked = streaming || hasAwsChunkedEncoding(req.header("Content-Encoding"));
    RequestChecksums.Claim claim = RequestChecksums.claim(req);
    boolean trailer = streaming ? sha.endsWith("-TRAILER") : req.header("x-amz-trailer") != null;
    if (claim != null && claim.inTrailer() && !chunked) {
      throw new S3Exception(
          "InvalidRequest", 400, "x-amz-trailer is only supported with an aws-chunked body");
    }
    if (trailer && (claim == null || !claim.inTrailer())) {
      throw new S3Exception(
          "InvalidRequest",
          400,
          "The " + sha + " payload requires an x-amz-trailer header naming the trailing checksum");
    }
    long declared = length(req, "Content-Length");
    AwsChunkedInputStream decoder = null;
    InputStream inner = raw;
    if (chunked) {
      declared = length(req, "x-amz-decoded-content-length");
      if (declared < 0) {
        throw new S3Exception(
            "MissingContentLength",
            411,
            "You must provide the x-amz-decoded-content-length HTTP header with an aws-chunked"
                + " body.");
      }
      boolean signed = streaming && sha.startsWith("STREAMING-AWS4-");
      decoder = new AwsChunkedInputStream(raw, signed, trailer, declared);
      inner = decoder;
    }
    byte[] md5 = contentMd5(req.header("Content-MD5"));
    Supplier<String> expected = null;
    if (claim != null) {
      AwsChunkedInputStream d = decoder;
      String name = claim.algorithm().headerName();
      expected = claim.inTrailer() ? () -> d.trailers().get(name) : claim::headerValue;
    }
    VerifyingInputStream verified =
        new VerifyingInputStream(
            inner, expectedSha, md5, claim == null ? null : claim.algorithm(), expected, -1);
    return new Body(verified, claim == null ? null : claim.algorithm(), declared);
  }

  /**
   * Reads a small body (an XML document) whole; larger than {@code max} is {@code MalformedXML}.
   */
  public static byte[] readSmall(S3Request req, int max) throws S3Exception, IOException {
    Body body = open(req);
    byte[] bytes = body.stream().readNBytes(max + 1);
    if (bytes.length > max) {
      throw new S3Exception(
          "MaxMessageLengthExceeded", 400, "Your request was too big (over " + max + " bytes).");
    }
    return bytes;
  }

  /** Whether the request says how long its body is (a length header or chunked transfer). */
  public static boolean hasLength(S3Request req) {
    String te = req.header("Transfer-Encoding");
    return req.header("Content-Length") != null
        || (te != null && te.toLowerCase(Locale.ROOT).contains("chunked"));
  }

  private static boolean hasAwsChunkedEncoding(String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    for (String token : contentEncoding.split(",")) {
      if (token.trim().equalsIgnoreCase("aws-chunked")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code Content-Encoding} without the {@code aws-chunked} token, or null when nothing is left.
   */
  public static String storedContentEncoding(String contentEncoding) {
    if (contentEncoding == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String token : contentEncoding.split(",")) {
      String t = token.trim();
      if (!t.isEmpty() && !t.equalsIgnoreCase("aws-chunked")) {
        out.append(out.length() == 0 ? "" : ",").append(t);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static long length(S3Request req, String header) throws S3Exception {
    String v = req.header(header);
    if (v == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("Invalid " + header + " header", header, v);
    }
  }

  private static byte[] contentMd5(String header) throws S3Exception {
    if (header == null) {
      return null;
    }
    try {
      byte[] md5 = Base64.getDecoder().decode(header.trim());
      if (md5.length == 16) {
        return md5;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new S3Exception("InvalidDigest", 400, "The Content-MD5 you specified is not valid.")
        .withDetail("Content-MD5", header);
  }
}
