package dev.shardwise.local.s3.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes an {@code aws-chunked} body (SigV4 streaming uploads) into the object's bytes, streaming:
 *
 * <pre>
 * hex-size[;chunk-signature=sig] CRLF data CRLF   (repeated)
 * 0[;chunk-signature=sig] CRLF
 * [name:value CRLF ...]                          (trailers, e.g. x-amz-checksum-crc32)
 * [x-amz-trailer-signature:sig CRLF]             (signed trailers)
 * CRLF
 * </pre>
 *
 * Signed variants ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}, the ECDSA ones) must carry
 * a chunk signature on every chunk, unsigned ones ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER})
 * none; signatures are checked for shape only, since the endpoint accepts any credentials. Every
 * framing error, a body that ends early, bytes after the final CRLF and a decoded length other than
 * {@code x-amz-decoded-content-length} are {@link BodyException}s: the decoder never returns a
 * partial object as a complete one. Each call consumes input, so it never spins; lines are bounded.
 */
public final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 1024;
  private static final int MAX_TRAILERS = 8;
  private static final long MAX_CHUNK = 5L * 1024 * 1024 * 1024;
  private static final Pattern SIGNED =
      Pattern.compile("([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64,160})");
  private static final Pattern UNSIGNED = Pattern.compile("[0-9a-fA-F]{1,16}");
  private static final Pattern TRAILER_SIGNATURE = Pattern.compile("[0-9a-f]{64,160}");

  private final InputStream in;
  private final boolean signed;
  private final boolean trailers;
  private final long decodedLength;
  private final Map<String, String> trailerValues = new LinkedHashMap<>();

  private long remaining;
  private boolean inData;
  private boolean finished;
  private long decoded;

  /**
   * @param signed chunks carry {@code chunk-signature}
   * @param trailers trailing headers follow the final chunk ({@code -TRAILER} variants)
   * @param decodedLength the declared decoded length, or -1 when not declared
   */
  public AwsChunkedInputStream(
      InputStream in, boolean signed, boolean trailers, long decodedLength) {
    this.in = in;
    this.signed = signed;
    this.trailers = trailers;
    this.decodedLength = decodedLength;
  }

  /** The trailing headers by lower-case name; complete once the stream returned -1. */
  public Map<String, String> trailers() {
    return Collections.unmodifiableMap(trailerValues);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (finished) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    while (remaining == 0) {
      if (inData) {
        expectCrlf();
        inData = false;
      }
      long size = chunkHeader();
      if (size == 0) {
        finish();
        return -1;
      }
      remaining = size;
      inData = true;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw BodyException.incomplete(remaining + " bytes of a chunk missing");
    }
    remaining -= n;
    decoded += n;
    if (decodedLength >= 0 && decoded > decodedLength) {
      throw lengthMismatch();
    }
    return n;
  }

  private long chunkHeader() throws IOException {
    String line = line("chunk header");
    Matcher m = (signed ? SIGNED : UNSIGNED).matcher(line);
    if (!m.matches()) {
      throw BodyException.malformed(
          signed
              ? "expected '<hex size>;chunk-signature=<signature>', got '" + abbreviate(line) + "'"
              : "expected '<hex size>', got '" + abbreviate(line) + "'");
    }
    long size = Long.parseUnsignedLong(signed ? m.group(1) : line, 16);
    if (size < 0 || size > MAX_CHUNK) {
      throw BodyException.malformed("chunk size " + Long.toUnsignedString(size) + " is too large");
    }
    return size;
  }

  private void finish() throws IOException {
    if (trailers) {
      boolean sawSignature = false;
      String line;
      while (!(line = line("trailer")).isEmpty()) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw BodyException.malformedTrailer(
              "expected 'name:value', got '" + abbreviate(line) + "'");
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("x-amz-trailer-signature")) {
          if (!signed || sawSignature || !TRAILER_SIGNATURE.matcher(value).matches()) {
            throw BodyException.malformedTrailer("unexpected or malformed trailer signature");
          }
          sawSignature = true;
        } else {
          if (trailerValues.size() >= MAX_TRAILERS || trailerValues.containsKey(name)) {
            throw BodyException.malformedTrailer("too many or repeated trailers");
          }
          trailerValues.put(name, value);
        }
      }
      if (signed && !sawSignature) {
        throw BodyException.malformedTrailer("the trailer signature is missing");
      }
    } else {
      String end = line("final CRLF");
      if (!end.isEmpty()) {
        throw BodyException.malformed("unexpected data after the final chunk");
      }
    }
    if (in.read() >= 0) {
      throw BodyException.malformed("unexpected data after the end of the body");
    }
    if (decodedLength >= 0 && decoded != decodedLength) {
      throw lengthMismatch();
    }
    finished = true;
  }

  private void expectCrlf() throws IOException {
    int cr = in.read();
    int lf = cr < 0 ? -1 : in.read();
    if (cr < 0 || lf < 0) {
      throw BodyException.incomplete("the CRLF after a chunk is missing");
    }
    if (cr != '\r' || lf != '\n') {
      throw BodyException.malformed("a chunk is longer than its declared size");
    }
  }

  /** One CRLF-terminated line (without the CRLF), at most {@link #MAX_LINE} bytes. */
  private String line(String what) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(96);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw BodyException.incomplete("the body ended inside a " + what);
      }
      if (c == '\r') {
        int lf = in.read();
        if (lf == '\n') {
          return buf.toString(StandardCharsets.ISO_8859_1);
        }
        throw lf < 0
            ? BodyException.incomplete("the body ended inside a " + what)
            : BodyException.malformed("a bare CR in a " + what);
      }
      if (c == '\n') {
        throw BodyException.malformed("a bare LF in a " + what);
      }
      if (buf.size() >= MAX_LINE) {
        throw BodyException.malformed("a " + what + " longer than " + MAX_LINE + " bytes");
      }
      buf.write(c);
    }
  }

  private BodyException lengthMismatch() {
    return new BodyException(
        new dev.shardwise.local.s3.S3Exception(
            "IncompleteBody",
            400,
            "You did not provide the number of bytes specified by the"
                + " x-amz-decoded-content-length HTTP header ("
                + decodedLength
                + ")"));
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
