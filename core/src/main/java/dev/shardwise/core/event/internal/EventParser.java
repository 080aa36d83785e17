package dev.shardwise.core.event.internal;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.nio.charset.StandardCharsets;

/**
 * Jackson's UTF-8 streaming parser with one addition: a string value that is plain printable ASCII
 * (no escape, no control character, no byte above 0x7F) can be read straight from the input bytes.
 * Jackson parses a string value lazily (the token is "incomplete" until its text is asked for), so
 * a value taken this way is never decoded into Jackson's character buffer at all: the bytes are the
 * characters, and one copy makes the {@link String}. Any other string goes through Jackson as
 * usual, so what is accepted and rejected is exactly what Jackson accepts and rejects.
 *
 * <p>Use: after {@code nextToken()} returned {@link JsonToken#VALUE_STRING}, {@link #plainEnd()}
 * says whether the value is plain and where its closing quote is; the caller checks the bytes
 * ({@link #input()} from {@link #valueStart()}) and, only when it keeps the value, calls {@link
 * #take} or {@link #skipPlain} (after which the token's text must not be asked from Jackson).
 */
public final class EventParser extends UTF8StreamJsonParser {

  EventParser(
      IOContext ctxt,
      int features,
      ObjectCodec codec,
      ByteQuadsCanonicalizer symbols,
      byte[] data,
      int start,
      int end) {
    super(ctxt, features, null, codec, symbols, data, start, end, false);
  }

  /**
   * The index in {@link #input()} of the closing quote of the current string value when the value
   * is plain printable ASCII and not yet read; -1 otherwise (not a string, already read, or a byte
   * that needs Jackson: a backslash, a control character, a non-ASCII byte).
   */
  public int plainEnd() {
    if (!_tokenIncomplete || _currToken != JsonToken.VALUE_STRING) {
      return -1;
    }
    byte[] b = _inputBuffer;
    int end = _inputEnd;
    for (int i = _inputPtr; i < end; i++) {
      int c = b[i];
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c == '\\') { // negative: a non-ASCII byte
        return -1;
      }
    }
    return -1;
  }

  /** The input bytes (the record). */
  public byte[] input() {
    return _inputBuffer;
  }

  /** The index of the first byte of the current string value (after its opening quote). */
  public int valueStart() {
    return _inputPtr;
  }

  /**
   * The current plain string value up to {@code end} (exclusive; at most its {@link #plainEnd()})
   * as a {@link String}, and the value consumed.
   */
  public String take(int end, int quote) {
    String s = new String(_inputBuffer, _inputPtr, end - _inputPtr, StandardCharsets.ISO_8859_1);
    skipPlain(quote);
    return s;
  }

  /** Consumes the current plain string value whose closing quote is at {@code quote}. */
  public void skipPlain(int quote) {
    _inputPtr = quote + 1;
    _tokenIncomplete = false;
  }
}
