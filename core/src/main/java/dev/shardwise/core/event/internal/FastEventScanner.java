package dev.shardwise.core.event.internal;

import static dev.shardwise.core.event.internal.EventReader.COUNTRY;
import static dev.shardwise.core.event.internal.EventReader.DEVICE_ID;
import static dev.shardwise.core.event.internal.EventReader.EVENT_ID;
import static dev.shardwise.core.event.internal.EventReader.LOAD_MS;
import static dev.shardwise.core.event.internal.EventReader.METRICS;
import static dev.shardwise.core.event.internal.EventReader.PAGE;
import static dev.shardwise.core.event.internal.EventReader.REFERRER;
import static dev.shardwise.core.event.internal.EventReader.SCHEMA;
import static dev.shardwise.core.event.internal.EventReader.SESSION_ID;
import static dev.shardwise.core.event.internal.EventReader.TIME;
import static dev.shardwise.core.event.internal.EventReader.TYPE;
import static dev.shardwise.core.event.internal.EventReader.UNKNOWN;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The decoder's fast path: reads the common shape of an event straight from the record's bytes,
 * without Jackson, and gives up on anything it is not sure of. {@link #scan} returns the event only
 * when the record is, beyond doubt, a valid event that the full path ({@code EventParser} + {@code
 * EventReader}) would decode to exactly the same {@link Event}; otherwise it returns {@code null}
 * and the caller decodes the record the full way, which alone decides every rejection and its
 * message. So the fast path can make decoding faster, never different.
 *
 * <p>What it takes (and anything else is {@code null}):
 *
 * <ul>
 *   <li>ASCII only: a byte above 0x7F anywhere gives up (so the record is valid UTF-8);
 *   <li>one JSON object, JSON whitespace (space, tab, CR, LF) between tokens and around it;
 *   <li>names and string values without a backslash or control character;
 *   <li>the contract's fields in any order, each at most once, each value passing its rule: {@code
 *       schema} spelled {@code 1}; {@code load_ms} a plain integer {@code 0}-{@code 600000} without
 *       sign, fraction or exponent; {@code metrics} an object of 1-32 distinct names with numbers
 *       that are exact in the fast-path sense below; {@code null} for any field (the same as
 *       absent, so a required one gives up);
 *   <li>up to {@value #MAX_UNKNOWN} unknown fields with scalar values (string, number, {@code
 *       true}, {@code false}, {@code null}), names distinct; an object or array value gives up;
 *   <li>numbers in JSON's grammar; a metric value is an integer of at most 18 characters (taken as
 *       the {@code long}, as the full path does) or a decimal of at most 15 significant digits and
 *       a power of ten within 22 (one exactly rounded multiplication or division of two exact
 *       doubles, Clinger's fast path: the nearest double, as Jackson's parser gives). Longer
 *       numbers give up.
 * </ul>
 *
 * <p>Speed: one pass over the bytes; the name the contract's order expects next is matched as two
 * words ({@code "name":} with its quotes and colon), any other name by its length and bytes; the
 * end of each string is found 8 bytes at a time ({@link EventParser#plainStringEnd}).
 *
 * <p>One instance per record: not thread-safe, never shared.
 */
public final class FastEventScanner {

  /** More unknown fields than this give up (the full path checks them for duplicates). */
  static final int MAX_UNKNOWN = 8;

  /** Longer number literals give up (the full path has a limit of its own). */
  private static final int MAX_NUMBER_CHARS = 40;

  /** The largest mantissa taken: 15 digits, below 2^53, so the double holds it exactly. */
  private static final long MAX_MANTISSA = 999_999_999_999_999L;

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private static final int NOT_A_NAME = -2;

  /**
   * {@code "name":} of each field in the contract's order, as the encoder writes it, as two
   * little-endian words and their masks (every such key is 7 to 13 bytes), so that the expected
   * name is matched with two word compares.
   */
  private static final String[] KEYS = EventReader.NAMES;

  private static final long[] KEY_WORDS = new long[2 * KEYS.length];
  private static final long[] KEY_MASKS = new long[2 * KEYS.length];
  private static final int[] KEY_LENGTHS = new int[KEYS.length];

  static {
    for (int f = 0; f < KEYS.length; f++) {
      byte[] key = ("\"" + KEYS[f] + "\":").getBytes(StandardCharsets.US_ASCII);
      KEY_LENGTHS[f] = key.length;
      for (int k = 0; k < key.length; k++) {
        KEY_WORDS[2 * f + k / 8] |= (key[k] & 0xFFL) << (8 * (k % 8));
        KEY_MASKS[2 * f + k / 8] |= 0xFFL << (8 * (k % 8));
      }
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int REQUIRED =
      1 << SCHEMA | 1 << EVENT_ID | 1 << TYPE | 1 << TIME | 1 << DEVICE_ID;

  private static final boolean[] EVENT_ID_CHARS = Values.EVENT_ID_CHARS;
  private static final boolean[] METRIC_NAME_CHARS = Values.METRIC_NAME_CHARS;

  private final byte[] b;
  private final int end;
  private int i;

  /** Known fields seen (JSON {@code null} included), and those with a non-null value. */
  private int seen;

  private int present;

  /** Start and end of each unknown name, for the duplicate check. */
  private int[] unknown;

  private int unknownCount;

  private String eventId;
  private EventType type;
  private Instant time;
  private String deviceId;
  private String sessionId;
  private String page;
  private String referrer;
  private String country;
  private int loadMs = Event.NO_LOAD_MS;
  private MetricMap metrics;

  /** A number literal's value, set by {@link #number}. */
  private double numberValue;

  private FastEventScanner(byte[] b, int offset, int length) {
    this.b = b;
    this.i = offset;
    this.end = offset + length;
  }

  /**
   * The event in {@code b[offset..offset+length)} when the fast path is sure of it and it is within
   * {@code timeRule} of {@code arrival}; else {@code null} (decode it the full way).
   */
  public static Event scan(byte[] b, int offset, int length, TimeRule timeRule, Instant arrival) {
    FastEventScanner s = new FastEventScanner(b, offset, length);
    return s.object() ? s.event(timeRule, arrival) : null;
  }

  private Event event(TimeRule timeRule, Instant arrival) {
    if ((present & REQUIRED) != REQUIRED
        || (type.requiresPage() && page == null)
        || (type == EventType.TELEMETRY && metrics == null)
        || !timeRule.allows(time, arrival)) {
      return null;
    }
    return new Event(
        eventId, type, time, deviceId, sessionId, page, referrer, country, loadMs, metrics);
  }

  /** Reads the whole record; false as soon as anything is not what the fast path takes. */
  private boolean object() {
    skipWhitespace();
    if (i >= end || b[i] != '{') {
      return false;
    }
    i++;
    skipWhitespace();
    int expected = 0;
    while (true) {
      if (i >= end || b[i] != '"') {
        return false; // '}' here: an empty object, or a trailing comma
      }
      int field;
      if (expected < KEYS.length && keyAt(expected)) {
        field = expected; // the contract's order, compact: "name": matched as bytes
        i += KEY_LENGTHS[field];
      } else if ((field = name()) == NOT_A_NAME) {
        return false;
      }
      skipWhitespace();
      if (i >= end) {
        return false;
      }
      if (field == UNKNOWN) {
        if (!scalar()) {
          return false;
        }
      } else {
        expected = field + 1;
        int bit = 1 << field;
        if ((seen & bit) != 0) {
          return false; // a duplicate key: malformed
        }
        seen |= bit;
        if (b[i] == 'n') {
          if (!literal("null")) {
            return false;
          }
        } else if (value(field)) {
          present |= bit;
        } else {
          return false;
        }
      }
      skipWhitespace();
      if (i >= end) {
        return false;
      }
      byte c = b[i++];
      if (c == '}') {
        break;
      }
      if (c != ',') {
        return false;
      }
      skipWhitespace();
    }
    skipWhitespace();
    return i == end;
  }

  /**
   * At the opening quote of a name: reads it and the colon after it, and returns its field, {@link
   * #UNKNOWN} for a name outside the contract (recorded for the duplicate check), or {@link
   * #NOT_A_NAME} when the fast path does not take it.
   */
  private int name() {
    int nameStart = i + 1;
    int nameEnd = EventParser.plainStringEnd(b, nameStart, end);
    if (nameEnd < 0) {
      return NOT_A_NAME;
    }
    i = nameEnd + 1;
    skipWhitespace();
    if (i >= end || b[i] != ':') {
      return NOT_A_NAME;
    }
    i++;
    int field = field(nameStart, nameEnd - nameStart);
    return field != UNKNOWN || unknownName(nameStart, nameEnd) ? field : NOT_A_NAME;
  }

  /** Whether the bytes at the position are {@code "name":} of {@code field}. */
  private boolean keyAt(int field) {
    if (end - i < 16) {
      return false; // near the end: the general path
    }
    long w0 = (long) LONGS.get(b, i);
    long w1 = (long) LONGS.get(b, i + 8);
    return (((w0 ^ KEY_WORDS[2 * field]) & KEY_MASKS[2 * field])
            | ((w1 ^ KEY_WORDS[2 * field + 1]) & KEY_MASKS[2 * field + 1]))
        == 0;
  }

  /** Reads the value of a known field (not {@code null}); false unless it passes its rule. */
  private boolean value(int field) {
    return switch (field) {
      case SCHEMA -> schema();
      case EVENT_ID -> (eventId = eventId()) != null;
      case TYPE -> (type = type()) != null;
      case TIME -> (time = time()) != null;
      case DEVICE_ID -> (deviceId = text(1, Values.MAX_DEVICE_ID)) != null;
      case SESSION_ID -> (sessionId = text(0, Values.MAX_SESSION_ID)) != null;
      case PAGE -> (page = page()) != null;
      case REFERRER -> (referrer = text(0, Values.MAX_REFERRER)) != null;
      case COUNTRY -> (country = country()) != null;
      case LOAD_MS -> loadMs();
      case METRICS -> (metrics = metrics()) != null;
      default -> false;
    };
  }

  /** The index of the known field named by {@code b[at..at+len)}, or {@link #UNKNOWN}. */
  private int field(int at, int len) {
    return switch (len) {
      case 4 -> is("type", at) ? TYPE : is("time", at) ? TIME : is("page", at) ? PAGE : UNKNOWN;
      case 6 -> is("schema", at) ? SCHEMA : UNKNOWN;
      case 7 ->
          is("country", at)
              ? COUNTRY
              : is("load_ms", at) ? LOAD_MS : is("metrics", at) ? METRICS : UNKNOWN;
      case 8 -> is("event_id", at) ? EVENT_ID : is("referrer", at) ? REFERRER : UNKNOWN;
      case 9 -> is("device_id", at) ? DEVICE_ID : UNKNOWN;
      case 10 -> is("session_id", at) ? SESSION_ID : UNKNOWN;
      default -> UNKNOWN;
    };
  }

  /** Whether {@code b[at..)} starts with {@code name} (ASCII). */
  private boolean is(String name, int at) {
    for (int k = 0; k < name.length(); k++) {
      if (b[at + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Records an unknown name; false when there are too many or it is a duplicate. */
  private boolean unknownName(int from, int to) {
    if (unknownCount == MAX_UNKNOWN) {
      return false;
    }
    if (unknown == null) {
      unknown = new int[2 * MAX_UNKNOWN];
    }
    for (int k = 0; k < unknownCount; k++) {
      int s = unknown[2 * k];
      int e = unknown[2 * k + 1];
      if (Arrays.equals(b, s, e, b, from, to)) {
        return false;
      }
    }
    unknown[2 * unknownCount] = from;
    unknown[2 * unknownCount + 1] = to;
    unknownCount++;
    return true;
  }

  /** Skips the scalar value of an unknown field. */
  private boolean scalar() {
    byte c = b[i];
    return switch (c) {
      case '"' -> stringEnd() >= 0;
      case 'n' -> literal("null");
      case 't' -> literal("true");
      case 'f' -> literal("false");
      default -> number(false);
    };
  }

  /**
   * At the opening quote of a string value: the index of its closing quote when it is plain, the
   * position moved after it; -1 otherwise.
   */
  private int stringEnd() {
    if (i >= end || b[i] != '"') {
      return -1;
    }
    int quote = EventParser.plainStringEnd(b, i + 1, end);
    if (quote >= 0) {
      i = quote + 1;
    }
    return quote;
  }

  /** A literal ({@code null}, {@code true}, {@code false}) followed by a delimiter. */
  private boolean literal(String word) {
    int n = word.length();
    if (end - i < n || !is(word, i)) {
      return false;
    }
    i += n;
    return atDelimiter();
  }

  /** Whether the next byte may follow a scalar in an object: whitespace, a comma, '}'. */
  private boolean atDelimiter() {
    if (i >= end) {
      return false;
    }
    byte c = b[i];
    return c == ',' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private boolean schema() {
    if (end - i >= 1 && b[i] == '1') {
      i++;
      return atDelimiter(); // "1." "10" "1e0" and the like: the full path
    }
    return false;
  }

  private String eventId() {
    int from = i + 1;
    int quote = stringEnd();
    int len = quote - from;
    if (quote < 0 || len < 1 || len > Values.MAX_EVENT_ID) {
      return null;
    }
    for (int k = from; k < quote; k++) {
      if (!EVENT_ID_CHARS[b[k]]) {
        return null;
      }
    }
    return ascii(from, quote);
  }

  private EventType type() {
    int from = i + 1;
    int quote = stringEnd();
    if (quote < 0) {
      return null;
    }
    return switch (quote - from) {
      case 5 -> is("click", from) ? EventType.CLICK : null;
      case 9 ->
          is("page_view", from)
              ? EventType.PAGE_VIEW
              : is("telemetry", from) ? EventType.TELEMETRY : null;
      default -> null;
    };
  }

  private Instant time() {
    int from = i + 1;
    int quote = stringEnd();
    return quote < 0 ? null : Rfc3339.parseAscii(b, from, quote - from);
  }

  /** A string of {@code min..max} characters (ASCII: bytes = characters = code points). */
  private String text(int min, int max) {
    int from = i + 1;
    int quote = stringEnd();
    int len = quote - from;
    return quote < 0 || len < min || len > max ? null : ascii(from, quote);
  }

  private String page() {
    int from = i + 1;
    int quote = stringEnd();
    int len = quote - from;
    if (quote < 0 || len < 1 || len > Values.MAX_PAGE || b[from] != '/') {
      return null;
    }
    int to = from + 1;
    while (to < quote && b[to] != '?' && b[to] != '#') {
      to++;
    }
    return ascii(from, to);
  }

  private String country() {
    int from = i + 1;
    int quote = stringEnd();
    return quote - from == 2 ? Countries.lookup((char) b[from], (char) b[from + 1]) : null;
  }

  /** {@code load_ms}: {@code 0} or a digit 1-9 and up to 5 more digits, at most 600000. */
  private boolean loadMs() {
    int from = i;
    int v = 0;
    while (i < end && i - from < 7 && b[i] >= '0' && b[i] <= '9') {
      v = v * 10 + (b[i++] - '0');
    }
    int digits = i - from;
    if (digits == 0 || digits > 6 || (digits > 1 && b[from] == '0') || v > Values.MAX_LOAD_MS) {
      return false;
    }
    loadMs = v;
    return atDelimiter(); // a fraction, an exponent, a seventh digit: the full path
  }

  /** The metrics object: 1-32 distinct names {@code [a-z0-9_]{1,64}}, exact numbers. */
  private MetricMap metrics() {
    if (b[i] != '{') {
      return null;
    }
    i++;
    String[] names = new String[8];
    double[] nums = new double[8];
    int n = 0;
    skipWhitespace();
    while (true) {
      int from = i + 1;
      int quote = stringEnd();
      int len = quote - from;
      if (quote < 0 || len < 1 || len > Values.MAX_METRIC_NAME || n == Values.MAX_METRICS) {
        return null;
      }
      for (int k = from; k < quote; k++) {
        if (!METRIC_NAME_CHARS[b[k]]) {
          return null;
        }
      }
      skipWhitespace();
      if (i >= end || b[i] != ':') {
        return null;
      }
      i++;
      skipWhitespace();
      if (i >= end || !number(true)) {
        return null;
      }
      String name = ascii(from, quote);
      int at = Arrays.binarySearch(names, 0, n, name);
      if (at >= 0) {
        return null; // a duplicate name: malformed
      }
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        nums = Arrays.copyOf(nums, n * 2);
      }
      int ins = -at - 1;
      System.arraycopy(names, ins, names, ins + 1, n - ins);
      System.arraycopy(nums, ins, nums, ins + 1, n - ins);
      names[ins] = name;
      nums[ins] = numberValue;
      n++;
      skipWhitespace();
      if (i >= end) {
        return null;
      }
      byte c = b[i++];
      if (c == '}') {
        return MetricMap.ofSorted(names, nums, n);
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  /**
   * A number in JSON's grammar followed by a delimiter; with {@code exact}, only when its double is
   * certain (then in {@link #numberValue}): an integer of at most 18 characters is the {@code long}
   * as a double (so {@code -0} is {@code 0.0}, as the full path reads it), a decimal needs at most
   * 15 significant digits and a power of ten within 22.
   */
  private boolean number(boolean exact) {
    int from = i;
    boolean negative = false;
    if (i < end && b[i] == '-') {
      negative = true;
      i++;
    }
    long mantissa = 0;
    int digits = 0; // significant digits in the mantissa
    int intStart = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      int d = b[i++] - '0';
      if (digits > 0 || d != 0) {
        digits++;
        mantissa = digits <= 18 ? mantissa * 10 + d : mantissa;
      }
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
      return false; // no digit, or a leading zero: not JSON
    }
    int fractionDigits = 0;
    boolean integer = true;
    if (i < end && b[i] == '.') {
      integer = false;
      i++;
      int fracStart = i;
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        int d = b[i++] - '0';
        if (digits > 0 || d != 0) {
          digits++;
          mantissa = digits <= 18 ? mantissa * 10 + d : mantissa;
        }
        fractionDigits++;
      }
      if (i == fracStart) {
        return false;
      }
    }
    int exponent = 0;
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      integer = false;
      i++;
      boolean negativeExponent = false;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        negativeExponent = b[i] == '-';
        i++;
      }
      int expStart = i;
      while (i < end && b[i] >= '0' && b[i] <= '9' && i - expStart < 4) {
        exponent = exponent * 10 + (b[i++] - '0');
      }
      if (i == expStart || (i < end && b[i] >= '0' && b[i] <= '9')) {
        return false; // no digit, or more than 4 of them
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    if (i - from > MAX_NUMBER_CHARS || !atDelimiter()) {
      return false;
    }
    if (!exact) {
      return true;
    }
    if (integer) {
      if (i - from > 18) {
        return false; // the full path reads it as a double
      }
      numberValue = negative ? -mantissa : mantissa;
      return true;
    }
    int power = exponent - fractionDigits;
    if (digits > 15 || mantissa > MAX_MANTISSA || power < -22 || power > 22) {
      return false;
    }
    double v = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power];
    numberValue = negative ? -v : v;
    return true;
  }

  private void skipWhitespace() {
    while (i < end) {
      byte c = b[i];
      if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
        return; // the first test settles compact JSON
      }
      i++;
    }
  }

  private String ascii(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
