package dev.shardwise.core.event.internal;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes an event's canonical JSON (the layout {@code EventEncoder} documents) as UTF-8 bytes into
 * a buffer it reuses: constant field names as precomputed bytes, ASCII strings copied a character
 * at a time, the date of the last event's day cached. The text is byte for byte what Jackson's
 * generator wrote before (the differential tests hold the old encoder as a reference): control
 * characters as {@code \b \t \n \f \r} or a backslash, {@code u00} and two upper-case hex digits,
 * {@code "} and {@code \} escaped, everything else as UTF-8 with supplementary characters as 4
 * bytes.
 *
 * <p>Not thread-safe: one per thread. The buffer grows to the largest event written.
 */
public final class CanonicalJsonWriter {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * Per ASCII character: 0 = as is, -1 = the 6-char hex escape, else the char after the backslash.
   */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = -1;
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\f'] = 'f';
    ESCAPE['\n'] = 'n';
    ESCAPE['\r'] = 'r';
  }

  private static final byte[] START =
      ascii("{\"schema\":" + Event.SCHEMA_VERSION + ",\"event_id\":");
  private static final byte[][] TYPE_THEN_TIME = new byte[EventType.values().length][];

  static {
    for (EventType t : EventType.values()) {
      TYPE_THEN_TIME[t.ordinal()] = ascii(",\"type\":\"" + t.wireName() + "\",\"time\":\"");
    }
  }

  private static final byte[] DEVICE_ID = ascii("\",\"device_id\":");
  private static final byte[] SESSION_ID = ascii(",\"session_id\":");
  private static final byte[] PAGE = ascii(",\"page\":");
  private static final byte[] REFERRER = ascii(",\"referrer\":");
  private static final byte[] COUNTRY = ascii(",\"country\":");
  private static final byte[] LOAD_MS = ascii(",\"load_ms\":");
  private static final byte[] METRICS = ascii(",\"metrics\":{");

  private final Rfc3339.Formatter times = new Rfc3339.Formatter();
  private byte[] buf = new byte[512];
  private int pos;

  /**
   * Writes {@code event} into the buffer and returns its length; the bytes are {@code
   * buffer()[0..length)} until the next call.
   *
   * @throws IllegalArgumentException when the time is outside the years 0000-9999 or a string holds
   *     an unpaired surrogate (checked in the order time, event_id, device_id, session_id, page,
   *     referrer, country, metric names)
   */
  public int write(Event event) {
    Rfc3339.checkWritable(event.time());
    pos = 0;
    // Load every string the text needs up front, with their lengths: events handed to a publisher
    // are often no longer in the cache, and independent loads issued together wait for memory once
    // instead of once per field as the writing below reaches them. (The room asked for is a bound
    // the writes below check again.)
    ensure(
        16 * 6
            + 6
                * (event.eventId().length()
                    + event.deviceId().length()
                    + length(event.sessionId())
                    + length(event.page())
                    + length(event.referrer())
                    + length(event.country())));
    put(START);
    string("event_id", event.eventId());
    put(TYPE_THEN_TIME[event.type().ordinal()]);
    ensure(Rfc3339.Formatter.MAX_LENGTH);
    pos = times.format(event.time(), buf, pos);
    put(DEVICE_ID);
    string("device_id", event.deviceId());
    optional(SESSION_ID, "session_id", event.sessionId());
    optional(PAGE, "page", event.page());
    optional(REFERRER, "referrer", event.referrer());
    optional(COUNTRY, "country", event.country());
    if (event.hasLoadMs()) {
      put(LOAD_MS);
      ensure(DoubleText.MAX_LENGTH);
      pos = DoubleText.writeLong(event.loadMs(), buf, pos);
    }
    MetricMap metrics = (MetricMap) event.metrics();
    int n = metrics.size();
    if (n > 0) {
      put(METRICS);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          ensure(1);
          buf[pos++] = ',';
        }
        string("metrics", metrics.nameAt(i));
        ensure(DoubleText.MAX_LENGTH + 1);
        buf[pos++] = ':';
        pos = DoubleText.write(metrics.valueAt(i), buf, pos);
      }
      ensure(1);
      buf[pos++] = '}';
    }
    ensure(1);
    buf[pos++] = '}';
    return pos;
  }

  /** The buffer holding the last event written. */
  public byte[] buffer() {
    return buf;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private void optional(byte[] name, String field, String value) {
    if (value != null) {
      put(name);
      string(field, value);
    }
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** A quoted, escaped string; {@code field} names it in the error for an unpaired surrogate. */
  private void string(String field, String s) {
    int n = s.length();
    ensure(
        6 * n
            + 2); // the hex escape (6 bytes) is the longest form of a char; a surrogate pair takes
    // 4 bytes
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || ESCAPE[c] != 0) {
        break;
      }
      b[p++] = (byte) c;
    }
    if (i < n) {
      p = stringRest(field, s, i, p);
    }
    b[p++] = '"';
    pos = p;
  }

  private int stringRest(String field, String s, int from, int p) {
    byte[] b = buf;
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        int esc = ESCAPE[c];
        if (esc == 0) {
          b[p++] = (byte) c;
        } else if (esc > 0) {
          b[p++] = '\\';
          b[p++] = (byte) esc;
        } else {
          b[p++] = '\\';
          b[p++] = 'u';
          b[p++] = '0';
          b[p++] = '0';
          b[p++] = HEX[c >> 4];
          b[p++] = HEX[c & 0xF];
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        throw new IllegalArgumentException(
            "field '"
                + field
                + "' has an unpaired surrogate (not Unicode text): "
                + Text.excerpt(s));
      }
    }
    return p;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
