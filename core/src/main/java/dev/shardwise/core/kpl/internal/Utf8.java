package dev.shardwise.core.kpl.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding with a copy-only path for ASCII, the usual partition key. */
final class Utf8 {
  private Utf8() {}

  /** Decodes {@code buf[off, off + len)}, or returns null when it is not well-formed UTF-8. */
  static String decode(byte[] buf, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (buf[i] < 0) {
        return decodeNonAscii(buf, off, len);
      }
    }
    return new String(buf, off, len, StandardCharsets.ISO_8859_1);
  }

  private static String decodeNonAscii(byte[] buf, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
