package dev.shardwise.producer.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns a valid page view into a record that breaks exactly one rule of the contract, so the
 * expected reject reason does not depend on the order in which a decoder checks its rules.
 */
final class Malformed {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** How far ahead a future event is dated: far beyond the 5-minute tolerance. */
  static final Duration FUTURE_OFFSET = Duration.ofDays(30);

  /** How old an out-of-range event is: far beyond the 7-day limit. */
  static final Duration TOO_OLD = Duration.ofDays(10);

  private Malformed() {}

  /** {@code pageView} (with {@code load_ms} and {@code country}) made to break {@code reason}. */
  static byte[] breaking(RejectReason reason, Event pageView, Instant sendAt) {
    ObjectNode o = tree(pageView);
    switch (reason) {
      case MALFORMED_JSON -> {
        byte[] valid = write(o);
        byte[] cut = new byte[valid.length - 1]; // drop the closing brace
        System.arraycopy(valid, 0, cut, 0, cut.length);
        return cut;
      }
      case BAD_UTF8 -> {
        o.put("referrer", "https://example.com/caf@@");
        byte[] b = write(o);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("caf@@");
        b[at + 3] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
        b[at + 4] = (byte) 0x28;
        return b;
      }
      case TOO_LARGE -> {
        o.put("padding", "x".repeat(70 * 1024)); // unknown fields are ignored: only the size breaks
        return write(o);
      }
      case MISSING_FIELD -> o.remove("event_id");
      case BAD_TYPE -> o.put("load_ms", String.valueOf(pageView.loadMs()));
      case BAD_VALUE -> o.put("country", "Germany");
      case UNSUPPORTED_SCHEMA -> o.put("schema", 2);
      case TIME_OUT_OF_RANGE -> o.put("time", RFC3339.format(sendAt.minus(TOO_OLD)));
      default -> throw new IllegalArgumentException("cannot make a record break " + reason);
    }
    return write(o);
  }

  /** A valid event dated {@link #FUTURE_OFFSET} after it is sent. */
  static byte[] future(Event event, Instant sendAt) {
    ObjectNode o = tree(event);
    o.put("time", RFC3339.format(sendAt.plus(FUTURE_OFFSET)));
    return write(o);
  }

  private static ObjectNode tree(Event e) {
    try {
      return (ObjectNode) JSON.readTree(EventEncoder.encode(e));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static byte[] write(ObjectNode o) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JSON.writeValue(out, o);
      return out.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
