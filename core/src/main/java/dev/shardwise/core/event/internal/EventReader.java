package dev.shardwise.core.event.internal;

import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one event object from a streaming parser and applies the contract's rules.
 * One instance per record (it holds that record's state); not thread-safe, never shared.
 *
 * <p>It reads the whole object even after the first broken rule, so that a record that is also
 * malformed further on is reported as {@code malformed_json}. The precedence of reasons is in
 * {@code docs/event-contract.md}.
 */
public final class EventReader {

  private static final int SCHEMA = 1;
  private static final int EVENT_ID = 1 << 1;
  private static final int TYPE = 1 << 2;
  private static final int TIME = 1 << 3;
  private static final int DEVICE_ID = 1 << 4;
  private static final int SESSION_ID = 1 << 5;
  private static final int PAGE = 1 << 6;
  private static final int REFERRER = 1 << 7;
  private static final int COUNTRY = 1 << 8;
  private static final int LOAD_MS = 1 << 9;
  private static final int METRICS = 1 << 10;

  private final JsonParser p;
  private final Values values;
  private final TimeRule timeRule;
  private final Instant arrival;

  /** Known fields seen, JSON {@code null} included (for duplicate detection). */
  private int seen;

  /** Known fields seen with a non-null value. */
  private int present;

  private Set<String> unknownNames;

  private RejectReason schemaReason;
  private String schemaMessage;

  private String eventId;
  private EventType type;
  private Instant time;
  private String deviceId;
  private String sessionId;
  private String page;
  private String referrer;
  private String country;
  private int loadMs = Event.NO_LOAD_MS;
  private Map<String, Double> metrics;

  private EventReader(JsonParser p, TimeRule timeRule, Instant arrival) {
    this.p = p;
    this.values = new Values(p);
    this.timeRule = timeRule;
    this.arrival = arrival;
  }

  /**
   * Reads one event from {@code p}, positioned before its first token.
   *
   * @throws IOException when the JSON is not well-formed (the caller maps it to {@code
   *     malformed_json})
   */
  public static DecodeResult read(JsonParser p, TimeRule timeRule, Instant arrival)
      throws IOException {
    return new EventReader(p, timeRule, arrival).readEvent();
  }

  private DecodeResult readEvent() throws IOException {
    if (p.nextToken() != START_OBJECT) {
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, "not a JSON object");
    }
    String name;
    try {
      while ((name = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (name) {
          case "schema" -> {
            if (mark(SCHEMA, name, t)) {
              readSchema(t);
            }
          }
          case "event_id" -> {
            if (mark(EVENT_ID, name, t)) {
              eventId = values.eventId(t);
            }
          }
          case "type" -> {
            if (mark(TYPE, name, t)) {
              type = values.type(t);
            }
          }
          case "time" -> {
            if (mark(TIME, name, t)) {
              time = values.time(t);
            }
          }
          case "device_id" -> {
            if (mark(DEVICE_ID, name, t)) {
              deviceId = values.text(t, name, 1, Values.MAX_DEVICE_ID);
            }
          }
          case "session_id" -> {
            if (mark(SESSION_ID, name, t)) {
              sessionId = values.text(t, name, 0, Values.MAX_SESSION_ID);
            }
          }
          case "page" -> {
            if (mark(PAGE, name, t)) {
              page = values.page(t);
            }
          }
          case "referrer" -> {
            if (mark(REFERRER, name, t)) {
              referrer = values.text(t, name, 0, Values.MAX_REFERRER);
            }
          }
          case "country" -> {
            if (mark(COUNTRY, name, t)) {
              country = values.country(t);
            }
          }
          case "load_ms" -> {
            if (mark(LOAD_MS, name, t)) {
              loadMs = values.loadMs(t);
            }
          }
          case "metrics" -> {
            if (mark(METRICS, name, t)) {
              metrics = values.metrics(t);
            }
          }
          default -> {
            markUnknown(name);
            p.skipChildren();
          }
        }
      }
    } catch (DuplicateKeyException e) {
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, e.getMessage());
    }
    if (p.nextToken() != null) {
      return new DecodeResult.Rejected(
          RejectReason.MALFORMED_JSON, "more JSON after the event object");
    }
    return verdict();
  }

  private DecodeResult verdict() {
    if (schemaReason != null) {
      return new DecodeResult.Rejected(schemaReason, schemaMessage);
    }
    if ((present & SCHEMA) == 0) {
      return missing("schema", SCHEMA);
    }
    if (values.reason() != null) {
      return new DecodeResult.Rejected(values.reason(), values.message());
    }
    if ((present & EVENT_ID) == 0) {
      return missing("event_id", EVENT_ID);
    }
    if ((present & TYPE) == 0) {
      return missing("type", TYPE);
    }
    if ((present & TIME) == 0) {
      return missing("time", TIME);
    }
    if ((present & DEVICE_ID) == 0) {
      return missing("device_id", DEVICE_ID);
    }
    if (type.requiresPage() && page == null) {
      return new DecodeResult.Rejected(
          RejectReason.MISSING_FIELD,
          "field 'page' is required for type " + type.wireName() + " but " + absence(PAGE));
    }
    if (type == EventType.TELEMETRY && metrics == null) {
      return new DecodeResult.Rejected(
          RejectReason.MISSING_FIELD,
          "field 'metrics' is required for type telemetry but " + absence(METRICS));
    }
    String outOfRange = timeRule.check(time, arrival);
    if (outOfRange != null) {
      return new DecodeResult.Rejected(RejectReason.TIME_OUT_OF_RANGE, outOfRange);
    }
    return new DecodeResult.Valid(
        new Event(
            eventId, type, time, deviceId, sessionId, page, referrer, country, loadMs, metrics));
  }

  private void readSchema(JsonToken t) throws IOException {
    if (!t.isNumeric()) {
      schemaReason = RejectReason.BAD_TYPE;
      schemaMessage = "field 'schema': expected the integer 1, got " + values.describe(t);
      p.skipChildren();
      return;
    }
    long version = values.integer(t);
    if (version == Values.NOT_INTEGER) {
      schemaReason = RejectReason.BAD_TYPE;
      schemaMessage = "field 'schema': expected the integer 1, got " + values.describe(t);
    } else if (version != Event.SCHEMA_VERSION) {
      schemaReason = RejectReason.UNSUPPORTED_SCHEMA;
      schemaMessage =
          "schema " + values.tokenText() + " is not supported (this decoder reads schema 1)";
    }
  }

  /**
   * Records that a known field was seen; rejects a second occurrence. Returns whether the value is
   * non-null (JSON {@code null} counts as absent).
   */
  private boolean mark(int bit, String name, JsonToken t) throws DuplicateKeyException {
    if ((seen & bit) != 0) {
      throw new DuplicateKeyException(name);
    }
    seen |= bit;
    if (t == VALUE_NULL) {
      return false;
    }
    present |= bit;
    return true;
  }

  private void markUnknown(String name) throws DuplicateKeyException {
    if (unknownNames == null) {
      unknownNames = new HashSet<>();
    }
    if (!unknownNames.add(name)) {
      throw new DuplicateKeyException(name);
    }
  }

  private DecodeResult missing(String name, int bit) {
    return new DecodeResult.Rejected(
        RejectReason.MISSING_FIELD, "required field '" + name + "' " + absence(bit));
  }

  private String absence(int bit) {
    return (seen & bit) != 0 ? "is null" : "is missing";
  }

  /** A key that occurs twice in one object: the record is ambiguous, so it is malformed. */
  static final class DuplicateKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    DuplicateKeyException(String name) {
      super("duplicate key " + Text.excerpt(name), null, false, false);
    }
  }
}
