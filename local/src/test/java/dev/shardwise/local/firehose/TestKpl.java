package dev.shardwise.local.firehose;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The KPL aggregated-record format (magic, protobuf {@code AggregatedRecord}, MD5), enough to make
 * aggregates in tests and to stand in for {@code KplDecoder} until it lands on main. Test-only.
 */
final class TestKpl {
  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

  static byte[] aggregate(String partitionKey, List<byte[]> records) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, 1, partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (byte[] r : records) {
      ByteArrayOutputStream rec = new ByteArrayOutputStream();
      rec.write(1 << 3); // partition_key_index = 0 (varint)
      rec.write(0);
      field(rec, 3, r);
      field(body, 3, rec.toByteArray());
    }
    byte[] b = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(MAGIC);
    out.write(b);
    out.write(MessageDigest.getInstance("MD5").digest(b));
    return out.toByteArray();
  }

  /** A {@link Deaggregator} over this format. */
  static final Deaggregator DEAGGREGATOR =
      (data, pk, ehk) -> {
        if (data.length < 20 || !Arrays.equals(Arrays.copyOf(data, 4), MAGIC)) {
          return new Deaggregator.Records(List.of(data));
        }
        byte[] body = Arrays.copyOfRange(data, 4, data.length - 16);
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < body.length) {
          int tag = (int) varint(body, pos);
          int length = (int) varint(body, pos);
          byte[] value = Arrays.copyOfRange(body, pos[0], pos[0] + length);
          pos[0] += value.length;
          if (tag >> 3 == 3) {
            int[] p = {0};
            while (p[0] < value.length) {
              int t = (int) varint(value, p);
              if ((t & 7) == 0) {
                varint(value, p);
              } else {
                int len = (int) varint(value, p);
                if (t >> 3 == 3) {
                  out.add(Arrays.copyOfRange(value, p[0], p[0] + len));
                }
                p[0] += len;
              }
            }
          }
        }
        return new Deaggregator.Records(out);
      };

  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    writeVarint(out, (number << 3) | 2);
    writeVarint(out, value.length);
    out.writeBytes(value);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[pos[0]++];
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }
}
