package dev.shardwise.core.testing;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.internal.Rfc3339;
import dev.shardwise.core.event.internal.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * The encoder as it was written on Jackson's generator before {@link EventEncoder} wrote bytes by
 * hand: the reference of the differential tests, which require both to write the same bytes. Test
 * code only.
 */
public final class JacksonReferenceEncoder {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JacksonReferenceEncoder() {}

  /**
   * The canonical JSON of {@code event}.
   *
   * @throws IllegalArgumentException when the event cannot be written: a time outside the years
   *     0000-9999, or a string with an unpaired surrogate (not Unicode text)
   */
  public static byte[] encode(Event event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encodeTo(event, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // cannot happen
    }
    return out.toByteArray();
  }

  /**
   * Writes the canonical JSON of {@code event} to {@code out} (no trailing newline) and flushes it;
   * does not close {@code out}.
   *
   * @throws IOException when {@code out} fails
   * @throws IllegalArgumentException when the event cannot be written (see {@link #encode});
   *     nothing has been written then
   */
  public static void encodeTo(Event event, OutputStream out) throws IOException {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(out, "out");
    char[] time = event.time().toString().toCharArray();
    int timeLength = time.length;
    Rfc3339.checkWritable(event.time());
    checkWellFormed(event);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("schema", Event.SCHEMA_VERSION);
      g.writeStringField("event_id", event.eventId());
      g.writeStringField("type", event.type().wireName());
      g.writeFieldName("time");
      g.writeString(time, 0, timeLength);
      g.writeStringField("device_id", event.deviceId());
      writeOptional(g, "session_id", event.sessionId());
      writeOptional(g, "page", event.page());
      writeOptional(g, "referrer", event.referrer());
      writeOptional(g, "country", event.country());
      if (event.hasLoadMs()) {
        g.writeNumberField("load_ms", event.loadMs());
      }
      if (!event.metrics().isEmpty()) {
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, Double> m : event.metrics().entrySet()) {
          g.writeNumberField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Checks every string before anything is written, so a failure writes nothing. */
  private static void checkWellFormed(Event e) {
    wellFormed("event_id", e.eventId());
    wellFormed("device_id", e.deviceId());
    wellFormed("session_id", e.sessionId());
    wellFormed("page", e.page());
    wellFormed("referrer", e.referrer());
    wellFormed("country", e.country());
    for (String name : e.metrics().keySet()) {
      wellFormed("metrics", name);
    }
  }

  private static void wellFormed(String field, String value) {
    if (value != null && !Text.isWellFormed(value)) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' has an unpaired surrogate (not Unicode text): "
              + Text.excerpt(value));
    }
  }
}
