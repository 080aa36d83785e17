package dev.shardwise.bench;

import dev.shardwise.core.kpl.UserRecord;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline: a KPL decoder as one first writes it, with streams, a fresh {@link MessageDigest}
 * per record, a copy of the body, and objects per field. Correct on valid input; only for the
 * benchmark.
 */
final class NaiveKplDecoder {
  private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

  private NaiveKplDecoder() {}

  static List<UserRecord> decode(byte[] data, String partitionKey, String explicitHashKey) {
    if (data.length < 20 || !Arrays.equals(Arrays.copyOf(data, 4), MAGIC)) {
      return List.of(new UserRecord(partitionKey, explicitHashKey, data));
    }
    byte[] body = Arrays.copyOfRange(data, 4, data.length - 16);
    byte[] digest = Arrays.copyOfRange(data, data.length - 16, data.length);
    try {
      if (!Arrays.equals(MessageDigest.getInstance("MD5").digest(body), digest)) {
        throw new IllegalArgumentException("bad MD5");
      }
      return parse(body);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("corrupt aggregate", e);
    }
  }

  private static List<UserRecord> parse(byte[] body) throws IOException {
    List<String> pks = new ArrayList<>();
    List<String> ehks = new ArrayList<>();
    List<long[]> indexes = new ArrayList<>();
    List<byte[]> datas = new ArrayList<>();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    while (in.available() > 0) {
      long tag = readVarint(in);
      byte[] value = new byte[(int) readVarint(in)];
      in.readFully(value);
      switch ((int) tag) {
        case 10 -> pks.add(new String(value, StandardCharsets.UTF_8));
        case 18 -> ehks.add(new String(value, StandardCharsets.UTF_8));
        case 26 -> {
          long[] idx = {-1, -1};
          byte[] recordData = null;
          DataInputStream rec = new DataInputStream(new ByteArrayInputStream(value));
          while (rec.available() > 0) {
            long t = readVarint(rec);
            if (t == 8) {
              idx[0] = readVarint(rec);
            } else if (t == 16) {
              idx[1] = readVarint(rec);
            } else {
              recordData = new byte[(int) readVarint(rec)];
              rec.readFully(recordData);
            }
          }
          indexes.add(idx);
          datas.add(recordData);
        }
        default -> throw new IOException("unexpected tag " + tag);
      }
    }
    List<UserRecord> out = new ArrayList<>();
    for (int i = 0; i < indexes.size(); i++) {
      long[] idx = indexes.get(i);
      out.add(
          new UserRecord(
              pks.get((int) idx[0]), idx[1] < 0 ? null : ehks.get((int) idx[1]), datas.get(i)));
    }
    return out;
  }

  private static long readVarint(DataInputStream in) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("varint too long");
  }
}
