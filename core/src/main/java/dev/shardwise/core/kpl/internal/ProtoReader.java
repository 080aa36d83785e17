package dev.shardwise.core.kpl.internal;

/**
 * Reads protobuf wire format from {@code buf[pos, limit)}, failing with a {@link
 * CorruptAggregateException} that names the byte offset (from the start of {@code buf}) instead of
 * ever reading past {@code limit}.
 */
final class ProtoReader {
  /** Nesting of (deprecated) groups we skip before calling the input malicious. */
  private static final int MAX_GROUP_DEPTH = 64;

  private final byte[] buf;
  private final int limit;
  private int pos;

  ProtoReader(byte[] buf, int pos, int limit) {
    this.buf = buf;
    this.pos = pos;
    this.limit = limit;
  }

  byte[] buffer() {
    return buf;
  }

  boolean hasMore() {
    return pos < limit;
  }

  int pos() {
    return pos;
  }

  /** Reads a field tag: a varint of at most 32 bits with a field number of at least 1. */
  int readTag() throws CorruptAggregateException {
    int start = pos;
    long tag = readVarint("field tag");
    if ((tag >>> 3) == 0 || tag > 0xFFFF_FFFFL) {
      throw corrupt("invalid field tag " + Long.toUnsignedString(tag) + " at byte " + start);
    }
    return (int) tag;
  }

  /** Reads an unsigned varint of up to 64 bits (10 bytes). */
  long readVarint(String what) throws CorruptAggregateException {
    int start = pos;
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw corrupt(
            "truncated protobuf: varint ("
                + what
                + ") at byte "
                + start
                + " runs past the end of its message at byte "
                + limit);
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        if (shift == 63 && b > 1) {
          throw corrupt("malformed varint (" + what + ") at byte " + start + ": exceeds 64 bits");
        }
        return result;
      }
    }
    throw corrupt("malformed varint (" + what + ") at byte " + start + ": longer than 10 bytes");
  }

  /**
   * Reads the length of a length-delimited field whose tag was just read and checks that its
   * payload lies within the message; returns the payload's length, with {@link #pos()} at its
   * start.
   */
  int readLength(String field) throws CorruptAggregateException {
    int start = pos;
    long length = readVarint(field);
    int remaining = limit - pos;
    if (Long.compareUnsigned(length, remaining) > 0) {
      throw corrupt(
          "truncated protobuf: "
              + field
              + " at byte "
              + start
              + " declares "
              + Long.toUnsignedString(length)
              + " bytes but only "
              + remaining
              + " remain in its message");
    }
    return (int) length;
  }

  /** Moves past {@code n} bytes that {@link #readLength} vouched for. */
  void advance(int n) {
    pos += n;
  }

  /** Skips the value of a field we do not know (or do not read), by its wire type. */
  void skipField(int tag, String message) throws CorruptAggregateException {
    skipField(tag, message, 0);
  }

  private void skipField(int tag, String message, int depth) throws CorruptAggregateException {
    int start = pos;
    switch (tag & 7) {
      case KplFormat.VARINT -> readVarint("field " + (tag >>> 3) + " of " + message);
      case KplFormat.FIXED64 -> skipFixed(8, tag, message, start);
      case KplFormat.FIXED32 -> skipFixed(4, tag, message, start);
      case KplFormat.LENGTH_DELIMITED ->
          advance(readLength("field " + (tag >>> 3) + " of " + message));
      case KplFormat.START_GROUP -> skipGroup(tag, message, depth);
      case KplFormat.END_GROUP ->
          throw corrupt(
              "malformed protobuf: end-group tag of field "
                  + (tag >>> 3)
                  + " in "
                  + message
                  + " before byte "
                  + start
                  + " closes no open group");
      default ->
          throw corrupt(
              "malformed protobuf: field "
                  + (tag >>> 3)
                  + " of "
                  + message
                  + " before byte "
                  + start
                  + " has invalid wire type "
                  + (tag & 7));
    }
  }

  private void skipFixed(int n, int tag, String message, int start)
      throws CorruptAggregateException {
    if (limit - pos < n) {
      throw corrupt(
          "truncated protobuf: field "
              + (tag >>> 3)
              + " of "
              + message
              + " at byte "
              + start
              + " needs "
              + n
              + " bytes but only "
              + (limit - pos)
              + " remain");
    }
    pos += n;
  }

  private void skipGroup(int startTag, String message, int depth) throws CorruptAggregateException {
    if (depth >= MAX_GROUP_DEPTH) {
      throw corrupt(
          "malformed protobuf: groups nested deeper than " + MAX_GROUP_DEPTH + " in " + message);
    }
    int start = pos;
    while (pos < limit) {
      int tag = readTag();
      if ((tag & 7) == KplFormat.END_GROUP) {
        if ((tag >>> 3) != (startTag >>> 3)) {
          throw corrupt(
              "malformed protobuf: group of field "
                  + (startTag >>> 3)
                  + " in "
                  + message
                  + " closed by the end-group tag of field "
                  + (tag >>> 3));
        }
        return;
      }
      skipField(tag, message, depth + 1);
    }
    throw corrupt(
        "truncated protobuf: group of field "
            + (startTag >>> 3)
            + " in "
            + message
            + " starting at byte "
            + start
            + " is never closed");
  }

  /** Decodes {@code length} bytes as strict UTF-8. */
  String readUtf8(int length, String table, int entry) throws CorruptAggregateException {
    int start = pos;
    String s = Utf8.decode(buf, pos, length);
    if (s == null) {
      throw corrupt(table + " entry " + entry + " at byte " + start + " is not valid UTF-8");
    }
    pos += length;
    return s;
  }

  static CorruptAggregateException corrupt(String message) {
    return new CorruptAggregateException(message);
  }
}
