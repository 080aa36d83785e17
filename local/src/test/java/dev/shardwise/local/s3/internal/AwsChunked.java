package dev.shardwise.local.s3.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A test-side aws-chunked encoder, written from the SigV4 streaming documentation. */
final class AwsChunked {
  static final String SIG = "a".repeat(64);

  private AwsChunked() {}

  static byte[] encode(byte[] data, int chunkSize, boolean signed, Map<String, String> trailers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int off = 0;
    while (off < data.length) {
      int n = Math.min(chunkSize, data.length - off);
      header(out, n, signed);
      out.write(data, off, n);
      ascii(out, "\r\n");
      off += n;
    }
    header(out, 0, signed);
    if (trailers != null) {
      for (Map.Entry<String, String> t : trailers.entrySet()) {
        ascii(out, t.getKey() + ":" + t.getValue() + "\r\n");
      }
      if (signed) {
        ascii(out, "x-amz-trailer-signature:" + SIG + "\r\n");
      }
    }
    ascii(out, "\r\n");
    return out.toByteArray();
  }

  private static void header(ByteArrayOutputStream out, int n, boolean signed) {
    ascii(out, Integer.toHexString(n) + (signed ? ";chunk-signature=" + SIG : "") + "\r\n");
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(b, 0, b.length);
  }
}
