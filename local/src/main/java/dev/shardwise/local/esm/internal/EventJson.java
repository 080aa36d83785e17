package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Builds the event Lambda sends for a Kinesis batch, as JSON: {@code Records} (each with {@code
 * kinesis.kinesisSchemaVersion}, {@code partitionKey}, {@code sequenceNumber}, base64 {@code data},
 * {@code approximateArrivalTimestamp} in epoch seconds with milliseconds, and {@code eventSource},
 * {@code eventVersion}, {@code eventID} = {@code shardId:sequenceNumber}, {@code eventName}, {@code
 * invokeIdentityArn}, {@code awsRegion}, {@code eventSourceARN}); with a tumbling window also
 * {@code window}, {@code state}, {@code shardId}, {@code eventSourceARN}, {@code
 * isFinalInvokeForWindow}, {@code isWindowTerminatedEarly}.
 *
 * <p>The records are written byte by byte into the caller's {@link EventBuffer}: constant parts
 * copied, the base64 of the data encoded by the JDK and copied in, ASCII values (sequence numbers,
 * ARNs, region) copied unescaped, partition keys escaped as JSON requires. Thread-safe (immutable).
 */
public final class EventJson {
  /** Bytes a record adds besides its data, keys and sequence numbers (ARNs counted separately). */
  public static final int RECORD_OVERHEAD = 330;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] START = ascii("{\"Records\":[");
  private static final byte[] RECORD_START =
      ascii("{\"kinesis\":{\"kinesisSchemaVersion\":\"1.0\",\"partitionKey\":");
  private static final byte[] SEQUENCE = ascii(",\"sequenceNumber\":\"");
  private static final byte[] DATA = ascii("\",\"data\":\"");
  private static final byte[] ARRIVAL = ascii("\",\"approximateArrivalTimestamp\":");
  private static final byte[] EVENT_ID =
      ascii("},\"eventSource\":\"aws:kinesis\",\"eventVersion\":\"1.0\",\"eventID\":\"");

  private final String streamArn;
  private final String region;
  private final String roleArn;

  /** {@code ","eventName":...,"eventSourceARN":"<arn>"}}: what follows the event id. */
  private final byte[] recordEnd;

  public EventJson(String streamArn, String region, String roleArn) {
    this.streamArn = streamArn;
    this.region = region;
    this.roleArn = roleArn;
    this.recordEnd =
        ascii(
            "\",\"eventName\":\"aws:kinesis:record\",\"invokeIdentityArn\":\""
                + checked(roleArn)
                + "\",\"awsRegion\":\""
                + checked(region)
                + "\",\"eventSourceARN\":\""
                + checked(streamArn)
                + "\"}");
  }

  /**
   * A string that is written unescaped: ASCII without quotes, backslashes or control characters
   * (sequence numbers, ARNs, regions); anything else would break the JSON.
   */
  private static String checked(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException("not a plain ASCII value: " + s);
      }
    }
    return s;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Bytes each record adds, besides data, partition key and sequence number. */
  public int recordOverhead() {
    return RECORD_OVERHEAD + streamArn.length() + roleArn.length();
  }

  /** A window's fields, or {@code null} for a function without tumbling windows. */
  public record Window(
      Instant start, Instant end, JsonNode state, boolean isFinal, boolean terminatedEarly) {}

  /** The event as a new array (tests, and callers without a buffer of their own). */
  public byte[] build(String shardId, List<PolledRecord> records, Window window) {
    EventBuffer out = new EventBuffer(1024);
    build(shardId, records, window, out);
    return out.toByteArray();
  }

  /** Writes the event into {@code out}, replacing what it held. */
  public void build(String shardId, List<PolledRecord> records, Window window, EventBuffer out) {
    out.reset();
    int size = START.length + 16;
    for (PolledRecord r : records) {
      size += r.payloadBytes(recordOverhead());
    }
    out.ensureCapacity(size);
    out.write(START, 0, START.length);
    byte[] idPrefix = ascii(checked(shardId) + ":");
    byte[][] scratch = {new byte[1024]};
    boolean first = true;
    for (PolledRecord r : records) {
      if (!first) {
        out.write(',');
      }
      first = false;
      writeRecord(out, r, idPrefix, scratch);
    }
    out.write(']');
    if (window != null) {
      writeWindow(out, shardId, window);
    }
    out.write('}');
  }

  private void writeRecord(EventBuffer out, PolledRecord r, byte[] idPrefix, byte[][] scratch) {
    String seq = r.sequenceNumber();
    String key = r.partitionKey();
    byte[] data = r.data();
    out.ensureCapacity(
        RECORD_START.length
            + key.length() * 6
            + 2
            + SEQUENCE.length
            + seq.length()
            + DATA.length
            + ((data.length + 2) / 3) * 4
            + ARRIVAL.length
            + 24
            + EVENT_ID.length
            + idPrefix.length
            + seq.length()
            + recordEnd.length);
    byte[] b = out.array();
    int p = out.length();
    p = copy(RECORD_START, b, p);
    p = partitionKey(key, out, b, p);
    p = copy(SEQUENCE, b, p);
    int seqAt = p;
    p = plain(seq, b, p);
    p = copy(DATA, b, p);
    p = base64(data, b, p, scratch);
    p = copy(ARRIVAL, b, p);
    p = seconds(r.arrival().toEpochMilli(), b, p);
    p = copy(EVENT_ID, b, p);
    p = copy(idPrefix, b, p);
    System.arraycopy(b, seqAt, b, p, seq.length()); // checked above
    p += seq.length();
    p = copy(recordEnd, b, p);
    out.length(p);
  }

  private static int copy(byte[] src, byte[] dst, int p) {
    System.arraycopy(src, 0, dst, p, src.length);
    return p + src.length;
  }

  /** A value written without escaping; refuses one that would need it. */
  private static int plain(String s, byte[] b, int p) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException("not a plain ASCII value: " + s);
      }
      b[p++] = (byte) c;
    }
    return p;
  }

  /** The partition key as a JSON string: plain ASCII copied, anything else escaped by Jackson. */
  private static int partitionKey(String key, EventBuffer out, byte[] b, int p) {
    int start = p;
    b[p++] = '"';
    for (int i = 0, n = key.length(); i < n; i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        // rare: JSON escapes and multi-byte UTF-8 (at most 6 bytes a char, room was made)
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(key);
        p = start;
        b[p++] = '"';
        System.arraycopy(quoted, 0, b, p, quoted.length);
        p += quoted.length;
        b[p++] = '"';
        return p;
      }
      b[p++] = (byte) c;
    }
    b[p++] = '"';
    return p;
  }

  /**
   * The base64 of {@code data} at {@code p}: encoded by the JDK's encoder (measured ~10 times
   * faster than a table loop here) into {@code scratch}, then copied.
   */
  private static int base64(byte[] data, byte[] b, int p, byte[][] scratch) {
    int len = ((data.length + 2) / 3) * 4;
    if (scratch[0].length < len) {
      scratch[0] = new byte[len];
    }
    int n = Base64.getEncoder().encode(data, scratch[0]);
    System.arraycopy(scratch[0], 0, b, p, n);
    return p + n;
  }

  /** Epoch milliseconds as seconds with three decimals ({@code 1765000000.120}). */
  private static int seconds(long millis, byte[] b, int p) {
    if (millis < 0) {
      return plain(BigDecimal.valueOf(millis, 3).toPlainString(), b, p);
    }
    long secs = millis / 1000;
    int frac = (int) (millis % 1000);
    int digits = 1;
    for (long v = secs / 10; v > 0; v /= 10) {
      digits++;
    }
    long v = secs;
    for (int i = p + digits - 1; i >= p; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    p += digits;
    b[p++] = '.';
    b[p++] = (byte) ('0' + frac / 100);
    b[p++] = (byte) ('0' + frac / 10 % 10);
    b[p++] = (byte) ('0' + frac % 10);
    return p;
  }

  private void writeWindow(EventBuffer out, String shardId, Window window) {
    // the window's fields as an object of their own, appended without its braces
    EventBuffer fields = new EventBuffer(1024);
    try (JsonGenerator g = JSON.getFactory().createGenerator(fields)) {
      g.writeStartObject();
      g.writeObjectFieldStart("window");
      g.writeStringField("start", window.start().toString());
      g.writeStringField("end", window.end().toString());
      g.writeEndObject();
      g.writeFieldName("state");
      if (window.state() == null) {
        g.writeStartObject();
        g.writeEndObject();
      } else {
        JSON.writeTree(g, window.state());
      }
      g.writeStringField("shardId", shardId);
      g.writeStringField("eventSourceARN", streamArn);
      g.writeBooleanField("isFinalInvokeForWindow", window.isFinal());
      g.writeBooleanField("isWindowTerminatedEarly", window.terminatedEarly());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write(',');
    out.write(fields.array(), 1, fields.length() - 2);
  }
}
