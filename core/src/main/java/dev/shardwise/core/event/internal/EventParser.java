package dev.shardwise.core.event.internal;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.JsonReadContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  /** The root context, reused for every record. */
  private final JsonReadContext root;

  private final int initialSymbols;

  EventParser(
      IOContext ctxt,
      int features,
      ObjectCodec codec,
      ByteQuadsCanonicalizer symbols,
      byte[] data,
      int start,
      int end) {
    super(ctxt, features, null, codec, symbols, data, start, end, false);
    root = _parsingContext;
    initialSymbols = symbols.size();
  }

  /**
   * Points this parser at a new record, as if it had just been created for {@code data[start,
   * end)}: every piece of per-document state Jackson keeps (position, line, tokens, contexts, text
   * and number buffers) is reset, so nothing of an earlier record, however it ended (an exception
   * in the middle of a value included), can reach the next. The parser is never closed: its buffers
   * stay with it. Symbols are not canonicalized (the factory gives a placeholder table), so no name
   * of an earlier record is kept either.
   */
  public void reset(byte[] data, int start, int end) {
    _inputBuffer = data;
    _inputPtr = start;
    _inputEnd = end;
    _currInputProcessed = -start;
    _currInputRow = 1;
    _currInputRowStart = start;
    _tokenInputTotal = 0;
    _tokenInputRow = 1;
    _tokenInputCol = 0;
    _nameStartOffset = 0;
    _nameStartRow = 1;
    _nameStartCol = 0;
    root.reset(JsonStreamContext.TYPE_ROOT, 1, 0);
    _parsingContext = root;
    _currToken = null;
    _lastClearedToken = null;
    _nextToken = null;
    _tokenIncomplete = false;
    _tokenCount = 0;
    _closed = false;
    _nameCopied = false;
    _binaryValue = null;
    _numTypesValid = NR_UNKNOWN;
    _numberString = null;
    _numberBigInt = null;
    _numberBigDecimal = null;
    _numberIsNaN = false;
    _numberNegative = false;
    _textBuffer.resetWithEmpty();
  }

  /**
   * How many field names this parser's symbol table has added to the names it started with (the
   * factory's shared table at creation).
   */
  public int addedSymbols() {
    return _symbols.size() - initialSymbols;
  }

  /** Lets go of the last record's bytes (a reused parser should not keep them alive). */
  public void release() {
    _inputBuffer = NO_BYTES;
    _inputPtr = 0;
    _inputEnd = 0;
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
    return plainStringEnd(_inputBuffer, _inputPtr, _inputEnd);
  }

  /**
   * The index of the first {@code "} at or after {@code i} (before {@code end}) when every byte
   * before it is printable ASCII other than a backslash (a string's rest that needs no decoding);
   * -1 when a backslash, a control character or a non-ASCII byte comes first, or no quote does.
   */
  public static int plainStringEnd(byte[] b, int i, int end) {
    for (; i + 8 <= end; i += 8) {
      long stops = stops((long) LONGS.get(b, i));
      if (stops != 0) {
        // the lowest flagged byte is a true stop (false positives lie only above a true one)
        int at = i + (Long.numberOfTrailingZeros(stops) >>> 3);
        return b[at] == '"' ? at : -1;
      }
    }
    for (; i < end; i++) {
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

  /**
   * The high bit of each of 8 bytes (little-endian) that may be a quote, a backslash, a control
   * character or non-ASCII (SWAR zero-byte tests: a byte may be flagged falsely only above a truly
   * flagged one, never missed, so the lowest flag is exact).
   */
  private static long stops(long w) {
    long quote = w ^ QUOTES;
    long backslash = w ^ BACKSLASHES;
    long flags =
        ((quote - ONES) & ~quote)
            | ((backslash - ONES) & ~backslash)
            | ((w - SPACES) & ~w) // below 0x20
            | w; // 0x80 and above
    return flags & HIGH_BITS;
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
