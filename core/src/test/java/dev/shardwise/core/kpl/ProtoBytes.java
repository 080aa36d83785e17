package dev.shardwise.core.kpl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes protobuf wire format by hand, valid or not, so tests can craft aggregates the builder
 * would never write. Independent of the production writer.
 */
final class ProtoBytes {
  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static ProtoBytes proto() {
    return new ProtoBytes();
  }

  ProtoBytes tag(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  ProtoBytes varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  ProtoBytes uint(int field, long v) {
    return tag(field, 0).varint(v);
  }

  ProtoBytes bytes(int field, byte[] v) {
    tag(field, 2).varint(v.length);
    out.writeBytes(v);
    return this;
  }

  ProtoBytes string(int field, String s) {
    return bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  ProtoBytes message(int field, ProtoBytes m) {
    return bytes(field, m.toByteArray());
  }

  ProtoBytes raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Magic, this message, MD5 of this message: a well-framed aggregate of whatever it holds. */
  byte[] sealed() {
    return seal(toByteArray());
  }

  static byte[] seal(byte[] body) {
    byte[] digest = md5(body);
    byte[] out = new byte[MAGIC.length + body.length + digest.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    System.arraycopy(body, 0, out, MAGIC.length, body.length);
    System.arraycopy(digest, 0, out, MAGIC.length + body.length, digest.length);
    return out;
  }

  static byte[] md5(byte[] body) {
    try {
      return MessageDigest.getInstance("MD5").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A {@code Record} with the given indexes (negative: absent) and data (null: absent). */
  static ProtoBytes record(long pkIndex, long ehkIndex, byte[] data) {
    ProtoBytes r = proto();
    if (pkIndex >= 0) {
      r.uint(1, pkIndex);
    }
    if (ehkIndex >= 0) {
      r.uint(2, ehkIndex);
    }
    if (data != null) {
      r.bytes(3, data);
    }
    return r;
  }
}
