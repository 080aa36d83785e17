package dev.shardwise.local.kinesis.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque shard iterators: a position in a shard, the stream's identity and the time of issue,
 * signed with this service's key. A forged, altered or foreign iterator fails the signature check;
 * the caller answers it with {@code InvalidArgumentException}. Thread-safe.
 */
public final class ShardIterators {
  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private static final int FIXED = 1 + 8 + 4 + 8 + 8;

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /**
   * @param secret the signing key (random per service instance, at least 16 bytes)
   */
  public ShardIterators(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("iterator key must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** What an iterator points at. */
  public record Position(
      String streamName, long streamEpoch, int shardIndex, long position, long issuedAtMillis) {}

  public String encode(Position p) {
    byte[] name = p.streamName().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(FIXED + name.length + MAC_BYTES);
    buf.put(VERSION)
        .putLong(p.streamEpoch())
        .putInt(p.shardIndex())
        .putLong(p.position())
        .putLong(p.issuedAtMillis())
        .put(name);
    byte[] mac = sign(buf.array(), FIXED + name.length);
    buf.put(mac, 0, MAC_BYTES);
    return Base64.getEncoder().encodeToString(buf.array());
  }

  /** The position an iterator names, or {@code null} when it is not a valid iterator of ours. */
  public Position decode(String iterator) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(iterator);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < FIXED + 1 + MAC_BYTES || raw[0] != VERSION) {
      return null;
    }
    int body = raw.length - MAC_BYTES;
    byte[] expected = sign(raw, body);
    if (!MessageDigest.isEqual(
        Arrays.copyOf(expected, MAC_BYTES), Arrays.copyOfRange(raw, body, raw.length))) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw, 1, body - 1);
    long epoch = buf.getLong();
    int shard = buf.getInt();
    long position = buf.getLong();
    long issued = buf.getLong();
    String name = new String(raw, FIXED, body - FIXED, StandardCharsets.UTF_8);
    if (shard < 0 || position < 0) {
      return null;
    }
    return new Position(name, epoch, shard, position, issued);
  }

  private byte[] sign(byte[] bytes, int length) {
    Mac mac = macs.get();
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has HmacSHA256", e);
    }
  }
}
