package dev.shardwise.core.testing;

import static dev.shardwise.core.event.RejectReason.BAD_TYPE;
import static dev.shardwise.core.event.RejectReason.BAD_UTF8;
import static dev.shardwise.core.event.RejectReason.BAD_VALUE;
import static dev.shardwise.core.event.RejectReason.MALFORMED_JSON;
import static dev.shardwise.core.event.RejectReason.MISSING_FIELD;
import static dev.shardwise.core.event.RejectReason.TIME_OUT_OF_RANGE;
import static dev.shardwise.core.event.RejectReason.TOO_LARGE;
import static dev.shardwise.core.event.RejectReason.UNSUPPORTED_SCHEMA;
import static dev.shardwise.core.testing.RawEvent.str;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The catalogue of single-rule breakages behind {@link BrokenEvents}: each takes a valid event and
 * breaks one rule of the contract, so the expected reason is known exactly.
 */
public final class Mutations {

  /** One way to break a rule. */
  public record Mutation(
      String name,
      RejectReason reason,
      boolean schemaCanTell,
      Predicate<Event> appliesTo,
      Breaker breaker) {

    /** Breaks {@code e} (whose plain JSON is {@code raw}) using {@code r} for choices. */
    public BrokenEvent apply(Event e, Random r) {
      Broken b = breaker.apply(e, RawEvent.of(e).shuffled(r), r);
      return new BrokenEvent(b.bytes(), b.arrival(), reason, name, schemaCanTell);
    }
  }

  /** The record and its arrival time. */
  public record Broken(byte[] bytes, Instant arrival) {}

  /** Makes the broken record. */
  @FunctionalInterface
  public interface Breaker {
    Broken apply(Event e, RawEvent raw, Random r);
  }

  private static final List<String> REQUIRED =
      List.of("schema", "event_id", "type", "time", "device_id");
  private static final List<String> STRING_FIELDS =
      List.of("event_id", "type", "time", "device_id", "session_id", "page", "referrer", "country");
  private static final List<String> NOT_STRINGS =
      List.of("123", "true", "false", "{}", "[]", "1.5", "[\"x\"]", "{\"a\":\"b\"}");
  private static final List<String> BAD_TIMES =
      List.of(
          "2026-13-01T00:00:00Z",
          "2026-00-10T00:00:00Z",
          "2026-02-29T10:00:00Z",
          "2026-04-31T10:00:00Z",
          "2026-11-21T24:00:00Z",
          "2026-11-21T10:60:00Z",
          "2026-11-21T10:15:61Z",
          "2026-11-21T10:15:60Z",
          "2026-11-21 10:15:30Z",
          "2026-11-21T10:15:30",
          "2026-11-21T10:15:30.1234567891Z",
          "2026-11-21T10:15:30.Z",
          "2026-11-21T10:15:30+24:00",
          "2026-11-21T10:15:30+05:60",
          "2026-11-21T10:15:30+0530",
          "2026-11-21T10:15:30ZZ",
          "2026-11-21T10:15:30Z\n",
          " 2026-11-21T10:15:30Z",
          "2026-11-21",
          "",
          "26-11-21T10:15:30Z",
          "+2026-11-21T10:15:30Z",
          "2026-11-21T10:15:30.123+1:00",
          "１９９９-01-01T00:00:00Z",
          "1763720130");

  private Mutations() {}

  /** Every mutation. */
  public static List<Mutation> all() {
    List<Mutation> m = new ArrayList<>();
    // missing_field
    m.add(
        raw("drop a required field", MISSING_FIELD, (e, raw, r) -> raw.without(pick(r, REQUIRED))));
    m.add(
        raw(
            "null a required field",
            MISSING_FIELD,
            (e, raw, r) -> raw.with(pick(r, REQUIRED), "null")));
    m.add(
        raw(
            "drop the page of a page view or click",
            MISSING_FIELD,
            e -> e.type().requiresPage(),
            (e, raw, r) -> r.nextBoolean() ? raw.without("page") : raw.with("page", "null")));
    m.add(
        raw(
            "drop the metrics of telemetry",
            MISSING_FIELD,
            e -> e.type() == EventType.TELEMETRY,
            (e, raw, r) -> r.nextBoolean() ? raw.without("metrics") : raw.with("metrics", "null")));
    // bad_type
    m.add(
        raw(
            "a string field of another type",
            BAD_TYPE,
            (e, raw, r) -> raw.with(pick(r, STRING_FIELDS), pick(r, NOT_STRINGS))));
    m.add(
        values(
            "load_ms not an integer",
            BAD_TYPE,
            "load_ms",
            "\"120\"",
            "true",
            "[]",
            "{}",
            "12.5",
            "-0.5",
            "\"NaN\"",
            "1e-3"));
    m.add(values("schema not an integer", BAD_TYPE, "schema", "\"1\"", "1.5", "true", "[1]", "{}"));
    m.add(values("metrics not an object", BAD_TYPE, "metrics", "[]", "\"cpu\"", "1", "true"));
    m.add(
        raw(
            "a metric value not a number",
            BAD_TYPE,
            (e, raw, r) ->
                raw.with(
                    "metrics",
                    "{\"ok\":1.5,\"bad\":"
                        + pick(r, List.of("\"1\"", "true", "null", "{}", "[]", "\"NaN\""))
                        + "}")));
    // bad_value
    m.add(
        values(
            "event_id outside the rule",
            BAD_VALUE,
            "event_id",
            str(""),
            str("a".repeat(65)),
            str("a b"),
            str("a/b"),
            str("é"),
            str("a\n"),
            str("id#1")));
    m.add(
        values(
            "an unknown type",
            BAD_VALUE,
            "type",
            str("view"),
            str("PAGE_VIEW"),
            str(""),
            str("page_view "),
            str("Click")));
    m.add(
        raw(
            "time not RFC 3339",
            BAD_VALUE,
            (e, raw, r) -> raw.with("time", str(pick(r, BAD_TIMES)))));
    m.add(
        raw(
            "device_id empty or too long",
            BAD_VALUE,
            (e, raw, r) -> raw.with("device_id", str(r.nextBoolean() ? "" : text(r, 129)))));
    m.add(
        raw(
            "session_id too long",
            BAD_VALUE,
            (e, raw, r) -> raw.with("session_id", str(text(r, 129)))));
    m.add(
        raw(
            "page not a path, or too long raw",
            BAD_VALUE,
            (e, raw, r) ->
                raw.with(
                    "page",
                    str(
                        pick(
                            r,
                            List.of(
                                "a/b",
                                "",
                                "https://example.com/a",
                                "?q=/",
                                "/" + text(r, 2048),
                                "/" + "a".repeat(2000) + "?" + "q".repeat(100)))))));
    m.add(
        raw(
            "referrer too long",
            BAD_VALUE,
            (e, raw, r) -> raw.with("referrer", str(text(r, 2049)))));
    m.add(
        values(
            "country not an assigned upper-case code",
            BAD_VALUE,
            "country",
            str("XX"),
            str("de"),
            str("UK"),
            str("DEU"),
            str(""),
            str("D"),
            str("EU"),
            str("AN")));
    m.add(
        values(
            "load_ms out of range",
            BAD_VALUE,
            "load_ms",
            "-1",
            "600001",
            "1e9",
            "100000000000000000000",
            "-1e30",
            "6.00001e5"));
    m.add(
        values(
            "metrics outside the rule",
            BAD_VALUE,
            "metrics",
            "{}",
            manyMetrics(33),
            "{\"CPU\":1}",
            "{\"\":1}",
            "{" + str("a".repeat(65)) + ":1}",
            "{\"a-b\":1}",
            "{\"é\":1}",
            "{\"a\":1e400}",
            "{\"a\":-1e400}",
            "{\"a\":1" + "0".repeat(400) + "}"));
    m.add(
        new Mutation(
            "an unpaired surrogate escape",
            BAD_VALUE,
            false,
            e -> true,
            (e, raw, r) ->
                at(
                    e,
                    raw.with(
                            pick(r, List.of("device_id", "session_id", "referrer")),
                            pick(r, List.of("\"ab\\ud800cd\"", "\"\\udc00\"", "\"x\\ud83d\"")))
                        .bytes())));
    // unsupported_schema
    m.add(
        values(
            "another schema version",
            UNSUPPORTED_SCHEMA,
            "schema",
            "2",
            "0",
            "-1",
            "2.0",
            "3e0",
            "99999999999999999999",
            "1e300"));
    // time_out_of_range
    m.add(
        new Mutation(
            "older than 7 days at arrival",
            TIME_OUT_OF_RANGE,
            false,
            e -> true,
            (e, raw, r) ->
                new Broken(
                    raw.bytes(),
                    e.time().plus(Duration.ofDays(7)).plusNanos(1 + r.nextInt(1_000_000_000)))));
    m.add(
        new Mutation(
            "more than 5 minutes ahead of arrival",
            TIME_OUT_OF_RANGE,
            false,
            e -> true,
            (e, raw, r) ->
                new Broken(
                    raw.bytes(),
                    e.time()
                        .minus(Duration.ofMinutes(5))
                        .minusNanos(1 + r.nextInt(1_000_000_000)))));
    // too_large
    m.add(
        new Mutation(
            "larger than 64 KiB",
            TOO_LARGE,
            false,
            e -> true,
            (e, raw, r) -> {
              int pad = 64 * 1024 - raw.bytes().length + 1 + r.nextInt(2000);
              return at(e, raw.with("padding", str("x".repeat(Math.max(pad, 1)))).bytes());
            }));
    m.addAll(MalformedMutations.all());
    return List.copyOf(m);
  }

  static Mutation raw(String name, RejectReason reason, RawBreaker b) {
    return raw(name, reason, e -> true, b);
  }

  static Mutation raw(String name, RejectReason reason, Predicate<Event> when, RawBreaker b) {
    return new Mutation(name, reason, true, when, (e, raw, r) -> at(e, b.apply(e, raw, r).bytes()));
  }

  static Mutation values(String name, RejectReason reason, String field, String... rawValues) {
    return raw(
        name, reason, (e, raw, r) -> raw.with(field, rawValues[r.nextInt(rawValues.length)]));
  }

  /** Breaks the raw event, keeping the arrival time at the event time. */
  @FunctionalInterface
  interface RawBreaker {
    RawEvent apply(Event e, RawEvent raw, Random r);
  }

  static Broken at(Event e, byte[] bytes) {
    return new Broken(bytes, e.time());
  }

  static Broken at(Event e, String text) {
    return at(e, text.getBytes(StandardCharsets.UTF_8));
  }

  static <T> T pick(Random r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  /** Exactly {@code codePoints} code points, some outside the BMP. */
  static String text(Random r, int codePoints) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      sb.appendCodePoint(pick(r, List.of((int) 'a', 0xE9, 0x4E2D, 0x1F600, (int) '/', (int) '"')));
    }
    return sb.toString();
  }

  static byte[] concat(byte[] a, int at, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + insert.length);
    out.write(a, 0, at);
    out.write(insert, 0, insert.length);
    out.write(a, at, a.length - at);
    return out.toByteArray();
  }

  private static String manyMetrics(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    return sb.append('}').toString();
  }

  /** Used by {@link MalformedMutations}. */
  static Mutation bytes(String name, RejectReason reason, boolean schemaCanTell, Breaker b) {
    return new Mutation(name, reason, schemaCanTell, e -> true, b);
  }

  static final RejectReason UTF8 = BAD_UTF8;
  static final RejectReason MALFORMED = MALFORMED_JSON;
}
