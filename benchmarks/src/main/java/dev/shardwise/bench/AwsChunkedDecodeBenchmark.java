package dev.shardwise.bench;

import dev.shardwise.local.s3.ChecksumAlgorithm;
import dev.shardwise.local.s3.internal.AwsChunkedInputStream;
import dev.shardwise.local.s3.internal.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding an 8 MiB upload body as the S3 endpoint does, with its CRC32 verified, single thread:
 * the two aws-chunked variants the SDK sends (128 KiB chunks, CRC32 trailer) against the plain body
 * with the CRC32 in a header, the baseline every decoder stays below. Score: bodies/s; times 8
 * gives MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AwsChunkedDecodeBenchmark {
  private static final int SIZE = 8 * 1024 * 1024;
  private static final int CHUNK = 128 * 1024;
  private static final String SIG = "0123456789abcdef".repeat(4);

  /** The body's encoding on the wire. */
  public enum Body {
    /** Plain bytes, checksum in a header: the baseline. */
    PLAIN,
    /** {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER} (the SDK's async client). */
    UNSIGNED_TRAILER,
    /** {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER} (the SDK's sync client over HTTP). */
    SIGNED_TRAILER
  }

  @Param public Body body;

  private byte[] wire;
  private String crc32;
  private final byte[] sink = new byte[64 * 1024];

  @Setup
  public void setUp() {
    byte[] data = new byte[SIZE];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < SIZE; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    ChecksumAlgorithm.Digest d = ChecksumAlgorithm.CRC32.newDigest();
    d.update(data, 0, data.length);
    crc32 = Base64.getEncoder().encodeToString(d.finish());
    wire = body == Body.PLAIN ? data : encode(data, body == Body.SIGNED_TRAILER);
  }

  @Benchmark
  public long decode() throws IOException {
    InputStream in = new ByteArrayInputStream(wire);
    AwsChunkedInputStream chunked = null;
    if (body != Body.PLAIN) {
      chunked = new AwsChunkedInputStream(in, body == Body.SIGNED_TRAILER, true, SIZE);
      in = chunked;
    }
    AwsChunkedInputStream c = chunked;
    InputStream verified =
        new VerifyingInputStream(
            in,
            null,
            null,
            ChecksumAlgorithm.CRC32,
            () -> c == null ? crc32 : c.trailers().get("x-amz-checksum-crc32"),
            -1);
    long total = 0;
    int n;
    while ((n = verified.read(sink, 0, sink.length)) >= 0) {
      total += n;
    }
    return total;
  }

  private byte[] encode(byte[] data, boolean signed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 4096);
    for (int off = 0; off < data.length; off += CHUNK) {
      int n = Math.min(CHUNK, data.length - off);
      ascii(out, Integer.toHexString(n) + (signed ? ";chunk-signature=" + SIG : "") + "\r\n");
      out.write(data, off, n);
      ascii(out, "\r\n");
    }
    ascii(out, "0" + (signed ? ";chunk-signature=" + SIG : "") + "\r\n");
    ascii(out, "x-amz-checksum-crc32:" + crc32 + "\r\n");
    if (signed) {
      ascii(out, "x-amz-trailer-signature:" + SIG + "\r\n");
    }
    ascii(out, "\r\n");
    return out.toByteArray();
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
