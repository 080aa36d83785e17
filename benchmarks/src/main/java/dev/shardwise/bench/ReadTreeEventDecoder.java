package dev.shardwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plain baseline: {@code ObjectMapper.readTree} and hand-written checks of the same rules, as a
 * first implementation would write them (regular expressions, {@code OffsetDateTime.parse}, a set
 * of country codes). It does not detect duplicate keys or check UTF-8 strictly.
 */
final class ReadTreeEventDecoder {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Duration MAX_AGE = Duration.ofDays(7);
  private static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  DecodeResult decode(byte[] data, Instant arrival) {
    if (data.length > 64 * 1024) {
      return reject(RejectReason.TOO_LARGE, "too large");
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(data);
    } catch (IOException e) {
      return reject(RejectReason.MALFORMED_JSON, e.getMessage());
    }
    if (n == null || !n.isObject()) {
      return reject(RejectReason.MALFORMED_JSON, "not an object");
    }
    JsonNode schema = n.get("schema");
    if (schema == null || schema.isNull()) {
      return reject(RejectReason.MISSING_FIELD, "schema");
    }
    if (!schema.isIntegralNumber()) {
      return reject(RejectReason.BAD_TYPE, "schema");
    }
    if (schema.asInt() != 1) {
      return reject(RejectReason.UNSUPPORTED_SCHEMA, "schema");
    }
    String eventId = text(n, "event_id");
    String typeName = text(n, "type");
    String timeText = text(n, "time");
    String deviceId = text(n, "device_id");
    if (eventId == null || typeName == null || timeText == null || deviceId == null) {
      return reject(RejectReason.MISSING_FIELD, "required field");
    }
    if (!EVENT_ID.matcher(eventId).matches()) {
      return reject(RejectReason.BAD_VALUE, "event_id");
    }
    EventType type = EventType.fromWireName(typeName);
    if (type == null) {
      return reject(RejectReason.BAD_VALUE, "type");
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(timeText).toInstant();
    } catch (DateTimeParseException e) {
      return reject(RejectReason.BAD_VALUE, "time");
    }
    int deviceLength = deviceId.codePointCount(0, deviceId.length());
    if (deviceLength < 1 || deviceLength > 128) {
      return reject(RejectReason.BAD_VALUE, "device_id");
    }
    String sessionId = text(n, "session_id");
    if (sessionId != null && sessionId.codePointCount(0, sessionId.length()) > 128) {
      return reject(RejectReason.BAD_VALUE, "session_id");
    }
    String page = text(n, "page");
    if (page != null) {
      if (page.isEmpty() || page.charAt(0) != '/' || page.codePointCount(0, page.length()) > 2048) {
        return reject(RejectReason.BAD_VALUE, "page");
      }
      int cut = page.length();
      int q = page.indexOf('?');
      int h = page.indexOf('#');
      if (q >= 0) {
        cut = q;
      }
      if (h >= 0 && h < cut) {
        cut = h;
      }
      page = page.substring(0, cut);
    } else if (type.requiresPage()) {
      return reject(RejectReason.MISSING_FIELD, "page");
    }
    String referrer = text(n, "referrer");
    if (referrer != null && referrer.codePointCount(0, referrer.length()) > 2048) {
      return reject(RejectReason.BAD_VALUE, "referrer");
    }
    String country = text(n, "country");
    if (country != null && !COUNTRIES.contains(country)) {
      return reject(RejectReason.BAD_VALUE, "country");
    }
    int loadMs = Event.NO_LOAD_MS;
    JsonNode load = n.get("load_ms");
    if (load != null && !load.isNull()) {
      if (!load.canConvertToExactIntegral()) {
        return reject(RejectReason.BAD_TYPE, "load_ms");
      }
      long v = load.asLong();
      if (v < 0 || v > 600_000) {
        return reject(RejectReason.BAD_VALUE, "load_ms");
      }
      loadMs = (int) v;
    }
    Map<String, Double> metrics = null;
    JsonNode m = n.get("metrics");
    if (m != null && !m.isNull()) {
      if (!m.isObject() || m.isEmpty() || m.size() > 32) {
        return reject(RejectReason.BAD_VALUE, "metrics");
      }
      metrics = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!METRIC_NAME.matcher(f.getKey()).matches()
            || !f.getValue().isNumber()
            || !Double.isFinite(f.getValue().asDouble())) {
          return reject(RejectReason.BAD_VALUE, "metrics");
        }
        metrics.put(f.getKey(), f.getValue().asDouble());
      }
    } else if (type == EventType.TELEMETRY) {
      return reject(RejectReason.MISSING_FIELD, "metrics");
    }
    if (time.isBefore(arrival.minus(MAX_AGE)) || time.isAfter(arrival.plus(MAX_AHEAD))) {
      return reject(RejectReason.TIME_OUT_OF_RANGE, "time");
    }
    return new DecodeResult.Valid(
        new Event(
            eventId, type, time, deviceId, sessionId, page, referrer, country, loadMs, metrics));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isTextual() ? null : v.textValue();
  }

  private static DecodeResult reject(RejectReason reason, String message) {
    return new DecodeResult.Rejected(reason, message);
  }
}
