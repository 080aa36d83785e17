package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Checks what the client claimed about a body once the body has been read to its end, and refuses
 * it with a {@link BodyException} (so it is never stored) when a claim does not hold: the {@code
 * x-amz-content-sha256} hash, {@code Content-MD5}, an additional checksum sent as a header or as a
 * trailer (read from {@code expectedChecksum} only at the end), and the declared length.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final MessageDigest sha256;
  private final byte[] expectedSha256;
  private final MessageDigest md5;
  private final byte[] expectedMd5;
  private final ChecksumAlgorithm algorithm;
  private final ChecksumAlgorithm.Digest checksum;
  private final Supplier<String> expectedChecksum;
  private final long expectedLength;
  private long count;
  private boolean verified;
  private String computedChecksum;

  /**
   * @param expectedSha256 the payload hash to check, or null
   * @param expectedMd5 the decoded {@code Content-MD5}, or null
   * @param algorithm the additional checksum to check, or null
   * @param expectedChecksum its base64 value, asked for at the end of the body (a trailer arrives
   *     only then); null from the supplier means the client sent none, itself an error
   * @param expectedLength the body length the client declared, or -1
   */
  public VerifyingInputStream(
      InputStream in,
      byte[] expectedSha256,
      byte[] expectedMd5,
      ChecksumAlgorithm algorithm,
      Supplier<String> expectedChecksum,
      long expectedLength) {
    super(in);
    this.expectedSha256 = expectedSha256;
    this.sha256 = expectedSha256 == null ? null : digest("SHA-256");
    this.expectedMd5 = expectedMd5;
    this.md5 = expectedMd5 == null ? null : digest("MD5");
    this.algorithm = algorithm;
    this.checksum = algorithm == null ? null : algorithm.newDigest();
    this.expectedChecksum = expectedChecksum;
    this.expectedLength = expectedLength;
  }

  /** The base64 additional checksum of the body, once it has been read and verified. */
  public String computedChecksum() {
    return computedChecksum;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      verify();
      return -1;
    }
    count += n;
    if (sha256 != null) {
      sha256.update(b, off, n);
    }
    if (md5 != null) {
      md5.update(b, off, n);
    }
    if (checksum != null) {
      checksum.update(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verified body is read, not skipped");
  }

  private void verify() throws BodyException {
    if (verified) {
      return;
    }
    verified = true;
    if (expectedLength >= 0 && count != expectedLength) {
      throw new BodyException(
          new S3Exception(
              "IncompleteBody",
              400,
              "You did not provide the number of bytes specified by the Content-Length HTTP header"));
    }
    if (sha256 != null) {
      byte[] actual = sha256.digest();
      if (!Arrays.equals(actual, expectedSha256)) {
        HexFormat hex = HexFormat.of();
        throw new BodyException(
            new S3Exception(
                    "XAmzContentSHA256Mismatch",
                    400,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.")
                .withDetail("ClientComputedContentSHA256", hex.formatHex(expectedSha256))
                .withDetail("S3ComputedContentSHA256", hex.formatHex(actual)));
      }
    }
    if (md5 != null) {
      byte[] actual = md5.digest();
      if (!Arrays.equals(actual, expectedMd5)) {
        Base64.Encoder b64 = Base64.getEncoder();
        throw new BodyException(
            new S3Exception(
                    "BadDigest",
                    400,
                    "The Content-MD5 you specified did not match what we received.")
                .withDetail("ExpectedDigest", b64.encodeToString(expectedMd5))
                .withDetail("CalculatedDigest", b64.encodeToString(actual)));
      }
    }
    if (checksum != null) {
      String actual = Base64.getEncoder().encodeToString(checksum.finish());
      String expected = expectedChecksum.get();
      if (expected == null) {
        throw BodyException.malformedTrailer(
            "the trailer " + algorithm.headerName() + " announced by x-amz-trailer is missing");
      }
      if (!RequestChecksums.isWellFormed(algorithm, expected)) {
        throw new BodyException(RequestChecksums.invalidValue(algorithm));
      }
      if (!expected.equals(actual)) {
        throw new BodyException(
            new S3Exception(
                "BadDigest",
                400,
                "The "
                    + algorithm.name()
                    + " you specified did not match the calculated checksum."));
      }
      computedChecksum = actual;
    }
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
