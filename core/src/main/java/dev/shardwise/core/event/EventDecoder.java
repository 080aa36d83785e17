package dev.shardwise.core.event;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.shardwise.core.event.internal.EventParser;
import dev.shardwise.core.event.internal.EventReader;
import dev.shardwise.core.event.internal.FastEventScanner;
import dev.shardwise.core.event.internal.TimeRule;
import dev.shardwise.core.event.internal.Utf8;
import dev.shardwise.core.event.internal.Utf8JsonFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decodes one event (schema version 1, DESIGN.md "Event, schema version 1") from the bytes of a
 * record and checks every rule of the contract. The full rules, edge cases and the precedence of
 * reasons are in {@code docs/event-contract.md}; in short:
 *
 * <ul>
 *   <li>Bad input never throws: every byte string gives {@link DecodeResult.Valid} or {@link
 *       DecodeResult.Rejected} with a {@link RejectReason}. Only a programming error throws ({@code
 *       null} arguments, offset/length outside the array).
 *   <li>When a record breaks several rules the reason is the first of: {@code too_large} (more than
 *       {@value #MAX_EVENT_BYTES} bytes, checked before parsing), {@code bad_utf8} (anywhere in the
 *       record), {@code malformed_json} (not one well-formed JSON object, trailing content, a
 *       duplicate key), a problem with {@code schema} ({@code missing_field}, {@code bad_type},
 *       {@code unsupported_schema}: the version decides which rules apply), the first broken value
 *       rule in document order ({@code bad_type}, {@code bad_value}), {@code missing_field}, {@code
 *       time_out_of_range}.
 *   <li>JSON {@code null} is the same as an absent field. Unknown fields are ignored (their values
 *       need only be well-formed JSON).
 *   <li>{@code time_out_of_range} is judged against the {@code arrival} passed in, bounds
 *       inclusive.
 * </ul>
 *
 * <p>Two paths, one verdict. A <b>fast path</b> ({@code FastEventScanner}) reads the common shape
 * (compact or spaced ASCII JSON, the contract's fields in any order, plain strings, simple numbers)
 * straight from the bytes and returns the event when it is sure of it; for anything else, and for
 * every record that breaks a rule, it gives up and the <b>full path</b> (Jackson's streaming parser
 * and the contract's checks) decides, so every reason, message and precedence is the full path's.
 * The fast path gives only events the full path gives the same (tested differentially).
 *
 * <p>Thread-safe and immutable: share one instance. The full path uses one Jackson parser per
 * thread, reset for each record; a decode allocates little beyond the event (494 bytes per 250-byte
 * page view on the fast path, event included).
 */
public final class EventDecoder {

  /** The largest record accepted: 64 KiB. */
  public static final int MAX_EVENT_BYTES = 64 * 1024;

  /** How old an event may be at arrival, by default. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  /** How far ahead of arrival (clock skew) an event may be, by default. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(5);

  /** Deeper nesting (only possible inside unknown fields) is rejected as {@code bad_value}. */
  public static final int MAX_NESTING_DEPTH = 1000;

  /** Longer number literals are rejected as {@code bad_value}. */
  public static final int MAX_NUMBER_CHARS = 1000;

  private static final JsonFactory FACTORY =
      new Utf8JsonFactory(
          new JsonFactoryBuilder()
              .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
              .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_NESTING_DEPTH)
                      .maxNumberLength(MAX_NUMBER_CHARS)
                      .maxStringLength(MAX_EVENT_BYTES)
                      .maxNameLength(MAX_EVENT_BYTES)
                      .build())
              .errorReportConfiguration(
                  ErrorReportConfiguration.builder()
                      .maxErrorTokenLength(40)
                      .maxRawContentLength(40)
                      .build()));

  /**
   * One parser per thread, reset for each record ({@link EventParser#reset}): creating a Jackson
   * parser per record (its I/O context, buffer recycler, symbol table and contexts) cost about as
   * much as reading the record. A thread's parser keeps its text buffer (up to the largest string
   * it read, at most 64 Ki chars) and no record bytes. Its symbol table (Jackson's UTF-8 parser
   * requires one) keeps the field names it had to look up, which are few for well-formed events
   * (they match by bytes) but unbounded under fuzzed or hostile input: past {@link
   * #MAX_PARSER_SYMBOLS} the thread gets a fresh parser.
   */
  private static final int MAX_PARSER_SYMBOLS = 512;

  private static final ThreadLocal<EventParser> PARSERS =
      ThreadLocal.withInitial(EventDecoder::newParser);

  private static final EventDecoder STANDARD = new EventDecoder(DEFAULT_MAX_AGE, DEFAULT_MAX_AHEAD);

  private static final int MAX_MESSAGE_CHARS = 300;
  private static final String JACKSON_REDACTED_SOURCE =
      "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";

  private final TimeRule timeRule;

  /**
   * A decoder with its own time rule.
   *
   * @param maxAge how old an event may be at arrival (inclusive); not negative
   * @param maxAhead how far after arrival an event time may be (inclusive); not negative
   * @throws IllegalArgumentException when a duration is negative
   */
  public EventDecoder(Duration maxAge, Duration maxAhead) {
    this.timeRule = new TimeRule(maxAge, maxAhead);
  }

  /** The contract's decoder: 7 days max age, 5 minutes max ahead, 64 KiB max size. */
  public static EventDecoder standard() {
    return STANDARD;
  }

  /** How old an event may be at arrival. */
  public Duration maxAge() {
    return timeRule.maxAge();
  }

  /** How far ahead of arrival an event may be. */
  public Duration maxAhead() {
    return timeRule.maxAhead();
  }

  /** {@link #decode(byte[], int, int, Instant)} of the whole array. */
  public DecodeResult decode(byte[] data, Instant arrival) {
    return decode(data, 0, data.length, arrival);
  }

  /**
   * Decodes the event in {@code data[offset..offset+length)}.
   *
   * @param arrival when the record arrived (Kinesis' approximate arrival time, or the batch's): the
   *     reference of the time rule
   * @return the event, or why the record is rejected; never {@code null}
   * @throws NullPointerException when {@code data} or {@code arrival} is null
   * @throws IndexOutOfBoundsException when the range is outside {@code data}
   */
  public DecodeResult decode(byte[] data, int offset, int length, Instant arrival) {
    Objects.checkFromIndexSize(offset, length, data.length);
    Objects.requireNonNull(arrival, "arrival");
    if (length > MAX_EVENT_BYTES) {
      return tooLarge(length);
    }
    Event fast;
    try {
      fast = FastEventScanner.scan(data, offset, length, timeRule, arrival);
    } catch (RuntimeException e) {
      // A fault of the fast path (its tests call it directly, so they see it): never the
      // record's, so the full path decides, as for anything else the fast path is unsure of.
      fast = null;
    }
    if (fast != null) {
      return new DecodeResult.Valid(fast);
    }
    return decodeFully(data, offset, length, arrival);
  }

  /**
   * The full path, without the fast path ({@link FastEventScanner}): every record the fast path
   * gives up on, and every rejection, comes from here. Package-private for the differential test
   * that holds the fast path to it. The range is checked and at most {@link #MAX_EVENT_BYTES} long.
   */
  DecodeResult decodeFully(byte[] data, int offset, int length, Instant arrival) {
    int invalid = Utf8.firstInvalid(data, offset, length);
    if (invalid >= 0) {
      return new DecodeResult.Rejected(
          RejectReason.BAD_UTF8,
          String.format(
              "invalid UTF-8 at byte %d (0x%02X)", invalid - offset, data[invalid] & 0xFF));
    }
    String notAnObject = notAnObject(data, offset, length);
    if (notAnObject != null) {
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, notAnObject);
    }
    EventParser p = PARSERS.get();
    p.reset(data, offset, offset + length);
    try {
      return EventReader.read(p, timeRule, arrival);
    } catch (StreamConstraintsException e) {
      return new DecodeResult.Rejected(
          RejectReason.BAD_VALUE, "value beyond the parser's limits: " + describe(e));
    } catch (JsonProcessingException e) {
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, describe(e));
    } catch (IOException e) {
      // A byte array cannot fail to read; keep the promise of never throwing for bad input.
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, "unreadable: " + e);
    } finally {
      p.release();
      if (p.addedSymbols() > MAX_PARSER_SYMBOLS) {
        PARSERS.remove(); // names of unknown fields accumulate: start over with a fresh table
      }
    }
  }

  /**
   * The rejection of a record of {@code length} bytes, more than {@link #MAX_EVENT_BYTES}: for
   * readers that stop buffering a record once it is too large (the bytes need not be kept).
   *
   * @throws IllegalArgumentException when {@code length} is not above the limit
   */
  public static DecodeResult.Rejected tooLarge(long length) {
    if (length <= MAX_EVENT_BYTES) {
      throw new IllegalArgumentException(length + " bytes is not too large");
    }
    return new DecodeResult.Rejected(
        RejectReason.TOO_LARGE,
        "record is " + length + " bytes, at most " + MAX_EVENT_BYTES + " allowed");
  }

  private static EventParser newParser() {
    try {
      return (EventParser) FACTORY.createParser(new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a parser over an empty array", e);
    }
  }

  /** Why the bytes cannot start a JSON object, or null: the first non-blank byte must be '{'. */
  private static String notAnObject(byte[] data, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) {
      i++;
    }
    if (i == end) {
      return "empty record";
    }
    if (data[i] != '{') {
      if (length >= 3 && (data[i] & 0xFF) == 0xEF && (data[i + 1] & 0xFF) == 0xBB) {
        return "starts with a byte order mark";
      }
      return "not a JSON object (starts with byte 0x"
          + String.format("%02X", data[i] & 0xFF)
          + " at "
          + (i - offset)
          + ")";
    }
    return null;
  }

  private static String describe(JsonProcessingException e) {
    String what = e.getOriginalMessage();
    if (what == null) {
      what = e.getClass().getSimpleName();
    }
    what =
        what.replace('\n', ' ')
            .replace(JACKSON_REDACTED_SOURCE, "[")
            .replaceAll(", from `[^`]*`", "")
            .replaceAll(": enable `[^`]*` to allow", "");
    if (e.getLocation() != null && e.getLocation().getByteOffset() >= 0) {
      what = "at byte " + e.getLocation().getByteOffset() + ": " + what;
    }
    return what.length() > MAX_MESSAGE_CHARS ? what.substring(0, MAX_MESSAGE_CHARS) + "..." : what;
  }
}
