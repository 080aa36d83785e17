package dev.shardwise.core.rows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes output rows as the consumer sends them to Firehose: one JSON object, UTF-8, terminated by
 * a newline; snake_case column names as in docs/architecture.md; timestamps as {@link Timestamps};
 * non-finite doubles as {@code null}. Thread-safe.
 */
public final class RowJson {
  private static final JsonFactory JSON = new JsonFactory();

  private RowJson() {}

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(int sizeHint, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void time(JsonGenerator g, String field, Instant t) throws IOException {
    g.writeStringField(field, Timestamps.format(t));
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(field, v);
    } else {
      g.writeNullField(field);
    }
  }

  public static byte[] pageView(PageViewRow r) {
    return write(
        320,
        g -> {
          g.writeStringField("row_id", r.rowId());
          g.writeStringField("shard_id", r.shardId());
          time(g, "window_start", r.windowStart());
          time(g, "window_end", r.windowEnd());
          g.writeStringField("segment", r.segment());
          time(g, "minute", r.minute());
          g.writeStringField("page", r.page());
          g.writeNumberField("views", r.views());
          g.writeNumberField("unique_devices", r.uniqueDevices());
          g.writeNumberField("load_ms_sum", r.loadMsSum());
          g.writeNumberField("load_ms_count", r.loadMsCount());
          if (r.loadMsMax() == null) {
            g.writeNullField("load_ms_max");
          } else {
            g.writeNumberField("load_ms_max", r.loadMsMax());
          }
          g.writeBooleanField("late", r.late());
        });
  }

  public static byte[] reject(RejectRow r) {
    return write(
        r.dataBase64().length() + r.message().length() + 320,
        g -> {
          g.writeStringField("row_id", r.rowId());
          g.writeStringField("shard_id", r.shardId());
          g.writeStringField("sequence_number", r.sequenceNumber());
          g.writeNumberField("sub_sequence_number", r.subSequenceNumber());
          g.writeStringField("partition_key", r.partitionKey());
          time(g, "arrival_time", r.arrivalTime());
          g.writeStringField("reason", r.reason().code());
          g.writeStringField("message", r.message());
          g.writeNumberField("data_length", r.dataLength());
          g.writeStringField("data_base64", r.dataBase64());
        });
  }

  public static byte[] anomaly(AnomalyRow r) {
    return write(
        448,
        g -> {
          g.writeStringField("row_id", r.rowId());
          g.writeStringField("shard_id", r.shardId());
          time(g, "detected_at", r.detectedAt());
          time(g, "window_start", r.windowStart());
          time(g, "window_end", r.windowEnd());
          g.writeStringField("segment", r.segment());
          g.writeStringField("kind", r.kind());
          g.writeStringField("key_type", r.keyType());
          g.writeStringField("key", r.key());
          g.writeStringField("metric", r.metric());
          number(g, "observed", r.observed());
          number(g, "expected", r.expected());
          number(g, "band_low", r.bandLow());
          number(g, "band_high", r.bandHigh());
          number(g, "score", r.score());
          number(g, "threshold", r.threshold());
          g.writeStringField("severity", r.severity());
        });
  }
}
