package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
 */
public final class EventJson {
  /** Bytes a record adds besides its data, keys and sequence numbers (ARNs counted separately). */
  public static final int RECORD_OVERHEAD = 330;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final SerializedString SCHEMA_VERSION =
      new SerializedString("kinesisSchemaVersion");
  private static final SerializedString SEQUENCE_NUMBER = new SerializedString("sequenceNumber");
  private static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString ARRIVAL =
      new SerializedString("approximateArrivalTimestamp");
  private static final SerializedString EVENT_SOURCE = new SerializedString("eventSource");
  private static final SerializedString EVENT_VERSION = new SerializedString("eventVersion");
  private static final SerializedString EVENT_ID = new SerializedString("eventID");
  private static final SerializedString EVENT_NAME = new SerializedString("eventName");
  private static final SerializedString IDENTITY = new SerializedString("invokeIdentityArn");
  private static final SerializedString REGION = new SerializedString("awsRegion");
  private static final SerializedString SOURCE_ARN = new SerializedString("eventSourceARN");
  private static final byte[] V1 = ascii("1.0");
  private static final byte[] AWS_KINESIS = ascii("aws:kinesis");
  private static final byte[] RECORD = ascii("aws:kinesis:record");

  private final String streamArn;
  private final String region;
  private final String roleArn;

  public EventJson(String streamArn, String region, String roleArn) {
    this.streamArn = streamArn;
    this.region = region;
    this.roleArn = roleArn;
  }

  /**
   * The bytes of a string that is written unescaped: ASCII without quotes, backslashes or control
   * characters (sequence numbers, ARNs, regions); anything else would break the JSON.
   */
  private static byte[] ascii(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < b.length; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new IllegalArgumentException("not a plain ASCII value: " + s);
      }
    }
    return b;
  }

  /** Bytes each record adds, besides data, partition key and sequence number. */
  public int recordOverhead() {
    return RECORD_OVERHEAD + streamArn.length() + roleArn.length();
  }

  /** A window's fields, or {@code null} for a function without tumbling windows. */
  public record Window(
      Instant start, Instant end, JsonNode state, boolean isFinal, boolean terminatedEarly) {}

  public byte[] build(String shardId, List<PolledRecord> records, Window window) {
    int size = 1024;
    for (PolledRecord r : records) {
      size += r.payloadBytes(recordOverhead());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    Base64.Encoder b64 = Base64.getEncoder();
    byte[] region = ascii(this.region);
    byte[] role = ascii(roleArn);
    byte[] stream = ascii(streamArn);
    byte[] idPrefix = ascii(shardId + ":");
    byte[] id = new byte[idPrefix.length + 64];
    System.arraycopy(idPrefix, 0, id, 0, idPrefix.length);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Records");
      for (PolledRecord r : records) {
        g.writeStartObject();
        g.writeObjectFieldStart("kinesis");
        // ASCII values (base64, sequence numbers, ARNs) are written raw: no escaping needed
        g.writeFieldName(SCHEMA_VERSION);
        g.writeRawUTF8String(V1, 0, V1.length);
        g.writeStringField("partitionKey", r.partitionKey());
        byte[] seq = ascii(r.sequenceNumber());
        g.writeFieldName(SEQUENCE_NUMBER);
        g.writeRawUTF8String(seq, 0, seq.length);
        byte[] data = b64.encode(r.data());
        g.writeFieldName(DATA);
        g.writeRawUTF8String(data, 0, data.length);
        g.writeFieldName(ARRIVAL);
        g.writeNumber(BigDecimal.valueOf(r.arrival().toEpochMilli(), 3));
        g.writeEndObject();
        g.writeFieldName(EVENT_SOURCE);
        g.writeRawUTF8String(AWS_KINESIS, 0, AWS_KINESIS.length);
        g.writeFieldName(EVENT_VERSION);
        g.writeRawUTF8String(V1, 0, V1.length);
        if (id.length < idPrefix.length + seq.length) {
          id = java.util.Arrays.copyOf(id, idPrefix.length + seq.length);
        }
        System.arraycopy(seq, 0, id, idPrefix.length, seq.length);
        g.writeFieldName(EVENT_ID);
        g.writeRawUTF8String(id, 0, idPrefix.length + seq.length);
        g.writeFieldName(EVENT_NAME);
        g.writeRawUTF8String(RECORD, 0, RECORD.length);
        g.writeFieldName(IDENTITY);
        g.writeRawUTF8String(role, 0, role.length);
        g.writeFieldName(REGION);
        g.writeRawUTF8String(region, 0, region.length);
        g.writeFieldName(SOURCE_ARN);
        g.writeRawUTF8String(stream, 0, stream.length);
        g.writeEndObject();
      }
      g.writeEndArray();
      if (window != null) {
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
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
