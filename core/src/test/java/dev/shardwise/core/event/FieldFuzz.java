package dev.shardwise.core.event;

import static dev.shardwise.core.testing.RawEvent.str;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Records whose every field is drawn from valid and invalid values (absent, null, wrong type,
 * outside the rule), so that any number of rules break at once, including the rules that depend on
 * {@code type}. No duplicate keys, no unpaired surrogates, small, and every valid {@code time}
 * within a minute of {@link #ARRIVAL}: only rules a JSON Schema can express decide the verdict.
 */
final class FieldFuzz {

  static final Instant ARRIVAL = Instant.parse("2026-11-21T12:00:00Z");

  /** Stands for "leave the field out". */
  private static final String ABSENT = "<absent>";

  /** How often a field takes one of its invalid values. */
  private static final double BREAK = 0.08;

  private record Field(String name, List<String> valid, List<String> invalid) {}

  private static final List<Field> FIELDS =
      List.of(
          field("schema", valid("1", "1.0"), invalid(ABSENT, "null", "2", "\"1\"", "true", "0")),
          field(
              "event_id",
              valid(str("e-1"), str("A.b_c:d-9".repeat(8).substring(0, 64))),
              invalid(ABSENT, "null", str(""), str("x".repeat(65)), str("a b"), "5")),
          field(
              "type",
              valid(str("page_view"), str("click"), str("telemetry")),
              invalid(ABSENT, "null", str("view"), "1")),
          field(
              "time",
              valid(
                  str("2026-11-21T12:00:00Z"),
                  str("2026-11-21T11:59:30.5+00:30"),
                  str("2026-11-21t12:00:59.999999999z"),
                  str("2026-11-21T06:30:00-05:30")),
              invalid(
                  ABSENT,
                  "null",
                  str("2026-11-21T12:00:00"),
                  str("2026-11-21 12:00:00Z"),
                  str("2026-11-21T12:00:60Z"),
                  str("2026-11-31T12:00:00Z"),
                  str("2026-11-21T12:00:00.0000000001Z"),
                  "1763726400")),
          field(
              "device_id",
              valid(str("d"), str("é".repeat(128)), str("d\u0000\n")),
              invalid(ABSENT, "null", str(""), str("😀".repeat(129)), "[]")),
          field(
              "session_id",
              valid(ABSENT, "null", str(""), str("s".repeat(128))),
              invalid(str("s".repeat(129)), "false")),
          field(
              "page",
              valid(ABSENT, "null", str("/"), str("/a?b=1#c"), str("/" + "p".repeat(2047))),
              invalid(str("a"), str("/" + "p".repeat(2048)), str(""), "{}")),
          field(
              "referrer",
              valid(ABSENT, "null", str(""), str("https://x.example/")),
              invalid(str("r".repeat(2049)), "1")),
          field(
              "country",
              valid(ABSENT, "null", str("DE"), str("US")),
              invalid(str("XX"), str("de"), str("UK"), "7")),
          field(
              "load_ms",
              valid(ABSENT, "null", "0", "600000", "1.0", "3e2"),
              invalid("600001", "-1", "1.5", "\"5\"")),
          field(
              "metrics",
              valid(ABSENT, "null", "{\"a\":1}", "{\"cpu_1\":-0.0,\"mem\":1e300}", many(32)),
              invalid(
                  "{}",
                  "{\"A\":1}",
                  "{\"a\":\"1\"}",
                  "{\"a\":1e400}",
                  "[]",
                  many(33),
                  "{\"a\":null}")),
          field("x_unknown", valid(ABSENT, "{\"nested\":[1,{}]}", "null"), invalid()));

  private FieldFuzz() {}

  static byte[] record(Random r) {
    List<String> parts = new ArrayList<>();
    for (Field f : FIELDS) {
      List<String> from =
          !f.invalid().isEmpty() && r.nextDouble() < BREAK ? f.invalid() : f.valid();
      String value = from.get(r.nextInt(from.size()));
      if (!value.equals(ABSENT)) {
        parts.add(str(f.name()) + ":" + value);
      }
    }
    Collections.shuffle(parts, r);
    return ("{" + String.join(",", parts) + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static Field field(String name, List<String> valid, List<String> invalid) {
    return new Field(name, valid, invalid);
  }

  private static List<String> valid(String... values) {
    return List.of(values);
  }

  private static List<String> invalid(String... values) {
    return List.of(values);
  }

  private static String many(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i * 0.5);
    }
    return sb.append('}').toString();
  }
}
