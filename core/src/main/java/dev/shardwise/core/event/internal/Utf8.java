package dev.shardwise.core.event.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF, no truncated sequences. ASCII runs are checked 32, then 8 bytes at a time.
 */
public final class Utf8 {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /**
   * The index of the first byte that starts an invalid sequence, or -1 when {@code
   * data[offset..offset+length)} is valid UTF-8.
   */
  public static int firstInvalid(byte[] data, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      while (i + 32 <= end
          && (((long) LONGS.get(data, i)
                      | (long) LONGS.get(data, i + 8)
                      | (long) LONGS.get(data, i + 16)
                      | (long) LONGS.get(data, i + 24))
                  & HIGH_BITS)
              == 0) {
        i += 32;
      }
      while (i + 8 <= end && ((long) LONGS.get(data, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= end) {
        break;
      }
      int b = data[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int n = sequenceLength(data, i, end);
      if (n == 0) {
        return i;
      }
      i += n;
    }
    return -1;
  }

  /** The length of the valid multi-byte sequence at {@code i}, or 0 when it is invalid. */
  private static int sequenceLength(byte[] data, int i, int end) {
    int lead = data[i] & 0xFF;
    if (lead < 0xC2 || lead > 0xF4) {
      return 0; // a continuation byte, an overlong 2-byte lead (C0, C1), or beyond U+10FFFF
    }
    if (lead < 0xE0) {
      return i + 1 < end && isContinuation(data[i + 1]) ? 2 : 0;
    }
    if (lead < 0xF0) {
      if (i + 2 >= end) {
        return 0;
      }
      int b1 = data[i + 1] & 0xFF;
      if ((lead == 0xE0 && b1 < 0xA0) || (lead == 0xED && b1 > 0x9F)) {
        return 0; // overlong, or a UTF-16 surrogate (U+D800..U+DFFF)
      }
      return isContinuation(data[i + 1]) && isContinuation(data[i + 2]) ? 3 : 0;
    }
    if (i + 3 >= end) {
      return 0;
    }
    int b1 = data[i + 1] & 0xFF;
    if ((lead == 0xF0 && b1 < 0x90) || (lead == 0xF4 && b1 > 0x8F)) {
      return 0; // overlong, or above U+10FFFF
    }
    return isContinuation(data[i + 1]) && isContinuation(data[i + 2]) && isContinuation(data[i + 3])
        ? 4
        : 0;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
