package dev.shardwise.core.event.internal;

import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The value rules of the contract, one method per field, reading the parser's current token. A
 * method returns the field's value, or {@code null} (resp. a sentinel) after recording the first
 * broken rule of the record; the parser is left after the value either way. Strings are checked on
 * the parser's character buffer and copied only when valid; a plain ASCII value that passes its
 * rule is taken straight from the input bytes ({@link EventParser}), and any other value (or one
 * that breaks its rule) is checked on the characters Jackson decodes, so both paths give the same
 * verdict and the same message.
 */
final class Values {

  static final int MAX_EVENT_ID = 64;
  static final int MAX_DEVICE_ID = 128;
  static final int MAX_SESSION_ID = 128;
  static final int MAX_PAGE = 2048;
  static final int MAX_REFERRER = 2048;
  static final int MAX_LOAD_MS = 600_000;
  static final int MAX_METRICS = 32;
  static final int MAX_METRIC_NAME = 64;

  /** {@link #integer} of a number with a fractional part. */
  static final long NOT_INTEGER = Long.MIN_VALUE;

  /** {@link #integer} of an integer beyond 18 digits. */
  static final long OUT_OF_RANGE = Long.MAX_VALUE;

  private static final EventType[] TYPES = EventType.values();
  static final boolean[] EVENT_ID_CHARS = charSet("A-Za-z0-9._:-");
  static final boolean[] METRIC_NAME_CHARS = charSet("a-z0-9_");

  private final EventParser p;
  private RejectReason reason;
  private String message;

  Values(EventParser p) {
    this.p = p;
  }

  /** The first broken rule of the record, or null. */
  RejectReason reason() {
    return reason;
  }

  /** The message for {@link #reason()}. */
  String message() {
    return message;
  }

  String eventId(JsonToken t) throws IOException {
    if (!isString("event_id", t)) {
      return null;
    }
    int quote = p.plainEnd();
    if (quote >= 0) {
      byte[] b = p.input();
      int from = p.valueStart();
      int len = quote - from;
      if (len >= 1 && len <= MAX_EVENT_ID && allIn(EVENT_ID_CHARS, b, from, quote)) {
        return p.take(quote, quote);
      }
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (len < 1 || len > MAX_EVENT_ID) {
      return fail(RejectReason.BAD_VALUE, "event_id", "must be 1-64 characters, got " + len);
    }
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      if (c >= 128 || !EVENT_ID_CHARS[c]) {
        return fail(
            RejectReason.BAD_VALUE,
            "event_id",
            Text.excerpt(buf, off, len) + " has a character outside [A-Za-z0-9._:-]");
      }
    }
    return new String(buf, off, len);
  }

  EventType type(JsonToken t) throws IOException {
    if (!isString("type", t)) {
      return null;
    }
    int quote = p.plainEnd();
    if (quote >= 0) {
      byte[] b = p.input();
      int from = p.valueStart();
      for (EventType type : TYPES) {
        if (equals(type.wireName(), b, from, quote - from)) {
          p.skipPlain(quote);
          return type;
        }
      }
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    for (EventType type : TYPES) {
      if (equals(type.wireName(), buf, off, len)) {
        return type;
      }
    }
    return fail(
        RejectReason.BAD_VALUE,
        "type",
        Text.excerpt(buf, off, len) + " is not page_view, click or telemetry");
  }

  Instant time(JsonToken t) throws IOException {
    if (!isString("time", t)) {
      return null;
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    try {
      return Rfc3339.parse(buf, off, len);
    } catch (Rfc3339.InvalidTimeException e) {
      return fail(
          RejectReason.BAD_VALUE,
          "time",
          Text.excerpt(buf, off, len) + " is not an RFC 3339 date-time: " + e.getMessage());
    }
  }

  /** A string of {@code min..max} code points (device_id, session_id, referrer). */
  String text(JsonToken t, String field, int min, int max) throws IOException {
    if (!isString(field, t)) {
      return null;
    }
    int quote = p.plainEnd();
    if (quote >= 0) {
      int len = quote - p.valueStart();
      if (len >= min && len <= max) { // ASCII: bytes = characters = code points
        return p.take(quote, quote);
      }
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    return hasLength(buf, off, len, field, min, max) ? new String(buf, off, len) : null;
  }

  /** The page, query string and fragment dropped; the length rule applies to the raw value. */
  String page(JsonToken t) throws IOException {
    if (!isString("page", t)) {
      return null;
    }
    int quote = p.plainEnd();
    if (quote >= 0) {
      byte[] b = p.input();
      int from = p.valueStart();
      int len = quote - from;
      if (len >= 1 && len <= MAX_PAGE && b[from] == '/') {
        int end = from + 1;
        while (end < quote && b[end] != '?' && b[end] != '#') {
          end++;
        }
        return p.take(end, quote);
      }
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (!hasLength(buf, off, len, "page", 1, MAX_PAGE)) {
      return null;
    }
    if (buf[off] != '/') {
      return fail(
          RejectReason.BAD_VALUE, "page", Text.excerpt(buf, off, len) + " does not start with '/'");
    }
    int end = off + 1;
    while (end < off + len && buf[end] != '?' && buf[end] != '#') {
      end++;
    }
    return new String(buf, off, end - off);
  }

  String country(JsonToken t) throws IOException {
    if (!isString("country", t)) {
      return null;
    }
    int quote = p.plainEnd();
    if (quote >= 0 && quote - p.valueStart() == 2) {
      byte[] b = p.input();
      int from = p.valueStart();
      String code = Countries.lookup((char) b[from], (char) b[from + 1]);
      if (code != null) {
        p.skipPlain(quote);
        return code;
      }
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    String code = len == 2 ? Countries.lookup(buf[off], buf[off + 1]) : null;
    if (code == null) {
      return fail(
          RejectReason.BAD_VALUE,
          "country",
          Text.excerpt(buf, off, len) + " is not an ISO 3166-1 alpha-2 code (upper case)");
    }
    return code;
  }

  int loadMs(JsonToken t) throws IOException {
    if (!t.isNumeric()) {
      fail(RejectReason.BAD_TYPE, "load_ms", "expected an integer, got " + describe(t));
      p.skipChildren();
      return Event.NO_LOAD_MS;
    }
    long v = integer(t);
    if (v == NOT_INTEGER) {
      fail(RejectReason.BAD_TYPE, "load_ms", "expected an integer, got " + describe(t));
    } else if (v < 0 || v > MAX_LOAD_MS) {
      fail(RejectReason.BAD_VALUE, "load_ms", tokenText() + " is outside 0-600000");
    } else {
      return (int) v;
    }
    return Event.NO_LOAD_MS;
  }

  /** The metrics object: 1-32 entries, names {@code [a-z0-9_]{1,64}}, finite numbers. */
  Map<String, Double> metrics(JsonToken t) throws IOException, EventReader.DuplicateKeyException {
    if (t != START_OBJECT) {
      fail(RejectReason.BAD_TYPE, "metrics", "expected an object, got " + describe(t));
      p.skipChildren();
      return null;
    }
    String[] names = new String[8];
    double[] nums = new double[8];
    int n = 0;
    int entries = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      entries++;
      int at = Arrays.binarySearch(names, 0, n, name);
      if (at >= 0) {
        throw new EventReader.DuplicateKeyException("metrics." + name);
      }
      double d = Double.NaN;
      if (!isMetricName(name)) {
        fail(
            RejectReason.BAD_VALUE,
            "metrics",
            "name " + Text.excerpt(name) + " is not 1-64 of [a-z0-9_]");
      } else if (!v.isNumeric()) {
        fail(RejectReason.BAD_TYPE, "metrics." + name, "expected a number, got " + describe(v));
      } else {
        d = number(v);
        if (!Double.isFinite(d)) {
          fail(RejectReason.BAD_VALUE, "metrics." + name, tokenText() + " is not a finite double");
        }
      }
      if (entries <= MAX_METRICS) { // kept for duplicate detection even when broken
        if (n == names.length) {
          names = Arrays.copyOf(names, n * 2);
          nums = Arrays.copyOf(nums, n * 2);
        }
        int ins = -at - 1;
        System.arraycopy(names, ins, names, ins + 1, n - ins);
        System.arraycopy(nums, ins, nums, ins + 1, n - ins);
        names[ins] = name;
        nums[ins] = d;
        n++;
      }
      p.skipChildren();
    }
    if (entries == 0 || entries > MAX_METRICS) {
      return fail(RejectReason.BAD_VALUE, "metrics", "must have 1-32 entries, got " + entries);
    }
    return MetricMap.ofSorted(names, nums, n);
  }

  /**
   * The current number as an integer in the JSON Schema sense ({@code 2.0} and {@code 2e0} are the
   * integer 2): the value, {@link #NOT_INTEGER} when it has a fractional part, {@link
   * #OUT_OF_RANGE} when it needs more than 18 digits. Exact, never rounded.
   */
  long integer(JsonToken t) throws IOException {
    if (t == VALUE_NUMBER_INT) {
      return p.getTextLength() > 18 ? OUT_OF_RANGE : p.getLongValue();
    }
    BigDecimal d;
    try {
      d = p.getDecimalValue();
    } catch (JsonProcessingException | NumberFormatException | ArithmeticException e) {
      return OUT_OF_RANGE; // an exponent beyond what BigDecimal holds
    }
    if (d.signum() == 0) {
      return 0;
    }
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() > 0) {
      return NOT_INTEGER;
    }
    return s.precision() - s.scale() > 18 ? OUT_OF_RANGE : s.longValueExact();
  }

  /** The current number as the nearest double (infinite when beyond the double range). */
  private double number(JsonToken t) throws IOException {
    try {
      if (t == VALUE_NUMBER_INT && p.getTextLength() <= 18) {
        return p.getLongValue();
      }
      return p.getDoubleValue();
    } catch (JsonProcessingException | NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The current scalar's text, as written, for a message. */
  String tokenText() throws IOException {
    char[] buf = p.getTextCharacters();
    return Text.excerpt(buf, p.getTextOffset(), p.getTextLength());
  }

  /** The current token for a message: {@code a string 'abc'}, {@code an object}, ... */
  String describe(JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string " + tokenText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + tokenText();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> String.valueOf(t);
    };
  }

  private boolean isString(String field, JsonToken t) throws IOException {
    if (t == VALUE_STRING) {
      return true;
    }
    fail(RejectReason.BAD_TYPE, field, "expected a string, got " + describe(t));
    p.skipChildren();
    return false;
  }

  private boolean hasLength(char[] buf, int off, int len, String field, int min, int max) {
    if (len >= min && len <= max && noSurrogates(buf, off, len)) {
      return true; // the common case: no surrogate, so chars = code points
    }
    int cps = Text.codePoints(buf, off, len);
    if (cps < 0) {
      fail(
          RejectReason.BAD_VALUE,
          field,
          Text.excerpt(buf, off, len) + " has an unpaired surrogate (not Unicode text)");
      return false;
    }
    if (cps < min || cps > max) {
      fail(
          RejectReason.BAD_VALUE,
          field,
          "must be "
              + min
              + "-"
              + max
              + " characters, got "
              + cps
              + ": "
              + Text.excerpt(buf, off, len));
      return false;
    }
    return true;
  }

  /** True when no char can be a surrogate: an OR over the chars (vectorisable) stays below them. */
  private static boolean noSurrogates(char[] buf, int off, int len) {
    char or = 0;
    for (int i = off; i < off + len; i++) {
      or |= buf[i];
    }
    return or < Character.MIN_SURROGATE;
  }

  private static boolean isMetricName(String name) {
    int len = name.length();
    if (len < 1 || len > MAX_METRIC_NAME) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = name.charAt(i);
      if (c >= 128 || !METRIC_NAME_CHARS[c]) {
        return false;
      }
    }
    return true;
  }

  private <T> T fail(RejectReason why, String field, String detail) {
    if (reason == null) {
      reason = why;
      message = "field '" + field + "': " + detail;
    }
    return null;
  }

  private static boolean equals(String s, char[] buf, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != buf[off + i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean equals(String s, byte[] b, int off, int len) {
    if (s.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != b[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether every byte of {@code b[from..to)} (ASCII) is in {@code set}. */
  private static boolean allIn(boolean[] set, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!set[b[i]]) {
        return false;
      }
    }
    return true;
  }

  /** The ASCII characters of {@code ranges} ("a-z0-9_"), as a lookup table. */
  static boolean[] charSet(String ranges) {
    boolean[] set = new boolean[128];
    for (int i = 0; i < ranges.length(); i++) {
      char c = ranges.charAt(i);
      if (i + 2 < ranges.length() && ranges.charAt(i + 1) == '-') {
        for (char x = c; x <= ranges.charAt(i + 2); x++) {
          set[x] = true;
        }
        i += 2;
      } else {
        set[c] = true;
      }
    }
    return set;
  }
}
