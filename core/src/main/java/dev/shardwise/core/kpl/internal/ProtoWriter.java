package dev.shardwise.core.kpl.internal;

/** Protobuf varint sizes and writes into a byte array. */
public final class ProtoWriter {
  private ProtoWriter() {}

  /** Bytes the varint encoding of the unsigned value {@code v} takes (1 to 10). */
  public static int varintSize(long v) {
    int bits = 64 - Long.numberOfLeadingZeros(v);
    return bits == 0 ? 1 : (bits + 6) / 7;
  }

  /** Bytes a length-delimited field with a one-byte tag and {@code length} payload bytes takes. */
  public static long lengthDelimitedSize(long length) {
    return 1 + varintSize(length) + length;
  }

  /** Writes {@code v} as a varint at {@code pos}; returns the position after it. */
  public static int writeVarint(byte[] buf, int pos, long v) {
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
    return pos;
  }

  /** Writes a one-byte tag, the length and the bytes; returns the position after them. */
  public static int writeLengthDelimited(byte[] buf, int pos, int tag, byte[] value) {
    buf[pos++] = (byte) tag;
    pos = writeVarint(buf, pos, value.length);
    System.arraycopy(value, 0, buf, pos, value.length);
    return pos + value.length;
  }
}
