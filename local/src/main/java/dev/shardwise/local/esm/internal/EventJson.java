package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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

  private final String streamArn;
  private final String region;
  private final String roleArn;

  public EventJson(String streamArn, String region, String roleArn) {
    this.streamArn = streamArn;
    this.region = region;
    this.roleArn = roleArn;
  }

  /** Bytes each record adds, besides data, partition key and sequence number. */
  public int recordOverhead() {
    return RECORD_OVERHEAD + streamArn.length() + roleArn.length();
  }

  /** A window's fields, or {@code null} for a function without tumbling windows. */
  public record Window(
      Instant start, Instant end, JsonNode state, boolean isFinal, boolean terminatedEarly) {}

  public byte[] build(String shardId, List<PolledRecord> records, Window window) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 400);
    Base64.Encoder b64 = Base64.getEncoder();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Records");
      for (PolledRecord r : records) {
        g.writeStartObject();
        g.writeObjectFieldStart("kinesis");
        g.writeStringField("kinesisSchemaVersion", "1.0");
        g.writeStringField("partitionKey", r.partitionKey());
        g.writeStringField("sequenceNumber", r.sequenceNumber());
        g.writeStringField("data", b64.encodeToString(r.data()));
        g.writeFieldName("approximateArrivalTimestamp");
        g.writeNumber(BigDecimal.valueOf(r.arrival().toEpochMilli(), 3));
        g.writeEndObject();
        g.writeStringField("eventSource", "aws:kinesis");
        g.writeStringField("eventVersion", "1.0");
        g.writeStringField("eventID", shardId + ":" + r.sequenceNumber());
        g.writeStringField("eventName", "aws:kinesis:record");
        g.writeStringField("invokeIdentityArn", roleArn);
        g.writeStringField("awsRegion", region);
        g.writeStringField("eventSourceARN", streamArn);
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
