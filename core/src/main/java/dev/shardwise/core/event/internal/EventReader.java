package dev.shardwise.core.event.internal;

import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

  // Field indices, in the contract's (and the encoder's) order; bit i of seen/present is field i.
  // FastEventScanner uses the same indices and names.
  static final int SCHEMA = 0;
  static final int EVENT_ID = 1;
  static final int TYPE = 2;
  static final int TIME = 3;
  static final int DEVICE_ID = 4;
  static final int SESSION_ID = 5;
  static final int PAGE = 6;
  static final int REFERRER = 7;
  static final int COUNTRY = 8;
  static final int LOAD_MS = 9;
  static final int METRICS = 10;
  static final int UNKNOWN = -1;

  static final String[] NAMES = {
    "schema",
    "event_id",
    "type",
    "time",
    "device_id",
    "session_id",
    "page",
    "referrer",
    "country",
    "load_ms",
    "metrics"
  };

  /**
   * The names as Jackson matches them fastest: {@link JsonParser#nextFieldName(SerializableString)}
   * compares the input bytes with the expected name instead of hashing it into the symbol table.
   * Events written in canonical order match all the way; a miss costs one ordinary name lookup.
   * {@link SerializedString} is immutable once built, so sharing it across threads is safe.
   */
  private static final SerializedString[] EXPECTED = new SerializedString[NAMES.length];

  static {
    for (int i = 0; i < NAMES.length; i++) {
      EXPECTED[i] = new SerializedString(NAMES[i]);
      EXPECTED[i].asQuotedUTF8(); // build the cached bytes before any sharing
    }
  }

  private final EventParser p;
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

  private EventReader(EventParser p, TimeRule timeRule, Instant arrival) {
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
  public static DecodeResult read(EventParser p, TimeRule timeRule, Instant arrival)
      throws IOException {
    return new EventReader(p, timeRule, arrival).readEvent();
  }

  private DecodeResult readEvent() throws IOException {
    if (p.nextToken() != START_OBJECT) {
      return new DecodeResult.Rejected(RejectReason.MALFORMED_JSON, "not a JSON object");
    }
    try {
      int expected = 0;
      while (true) {
        int field;
        if (expected < NAMES.length) {
          if (p.nextFieldName(EXPECTED[expected])) {
            field = expected;
          } else if (p.currentToken() == JsonToken.FIELD_NAME) {
            field = fieldIndex(p.currentName());
          } else {
            break;
          }
        } else {
          String name = p.nextFieldName();
          if (name == null) {
            break;
          }
          field = fieldIndex(name);
        }
        if (field == UNKNOWN) {
          markUnknown(p.currentName());
          p.nextToken();
          p.skipChildren();
          continue;
        }
        expected = field + 1;
        JsonToken t = p.nextToken();
        if (mark(field, t)) {
          readValue(field, t);
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

  private void readValue(int field, JsonToken t) throws IOException, DuplicateKeyException {
    switch (field) {
      case SCHEMA -> readSchema(t);
      case EVENT_ID -> eventId = values.eventId(t);
      case TYPE -> type = values.type(t);
      case TIME -> time = values.time(t);
      case DEVICE_ID -> deviceId = values.text(t, "device_id", 1, Values.MAX_DEVICE_ID);
      case SESSION_ID -> sessionId = values.text(t, "session_id", 0, Values.MAX_SESSION_ID);
      case PAGE -> page = values.page(t);
      case REFERRER -> referrer = values.text(t, "referrer", 0, Values.MAX_REFERRER);
      case COUNTRY -> country = values.country(t);
      case LOAD_MS -> loadMs = values.loadMs(t);
      case METRICS -> metrics = values.metrics(t);
      default -> throw new IllegalStateException("field " + field);
    }
  }

  private static int fieldIndex(String name) {
    return switch (name) {
      case "schema" -> SCHEMA;
      case "event_id" -> EVENT_ID;
      case "type" -> TYPE;
      case "time" -> TIME;
      case "device_id" -> DEVICE_ID;
      case "session_id" -> SESSION_ID;
      case "page" -> PAGE;
      case "referrer" -> REFERRER;
      case "country" -> COUNTRY;
      case "load_ms" -> LOAD_MS;
      case "metrics" -> METRICS;
      default -> UNKNOWN;
    };
  }

  private DecodeResult verdict() {
    if (schemaReason != null) {
      return new DecodeResult.Rejected(schemaReason, schemaMessage);
    }
    if ((present & (1 << SCHEMA)) == 0) {
      return missing("schema", SCHEMA);
    }
    if (values.reason() != null) {
      return new DecodeResult.Rejected(values.reason(), values.message());
    }
    if ((present & (1 << EVENT_ID)) == 0) {
      return missing("event_id", EVENT_ID);
    }
    if ((present & (1 << TYPE)) == 0) {
      return missing("type", TYPE);
    }
    if ((present & (1 << TIME)) == 0) {
      return missing("time", TIME);
    }
    if ((present & (1 << DEVICE_ID)) == 0) {
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
  private boolean mark(int field, JsonToken t) throws DuplicateKeyException {
    int bit = 1 << field;
    if ((seen & bit) != 0) {
      throw new DuplicateKeyException(NAMES[field]);
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

  private DecodeResult missing(String name, int field) {
    return new DecodeResult.Rejected(
        RejectReason.MISSING_FIELD, "required field '" + name + "' " + absence(field));
  }

  private String absence(int field) {
    return (seen & (1 << field)) != 0 ? "is null" : "is missing";
  }

  /** A key that occurs twice in one object: the record is ambiguous, so it is malformed. */
  static final class DuplicateKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    DuplicateKeyException(String name) {
      super("duplicate key " + Text.excerpt(name), null, false, false);
    }
  }
}
