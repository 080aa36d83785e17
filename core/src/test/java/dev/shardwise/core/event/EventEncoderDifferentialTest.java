package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shardwise.core.testing.EventArbitraries;
import dev.shardwise.core.testing.JacksonReferenceEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-written encoder writes exactly the bytes the Jackson-generator encoder wrote ({@link
 * JacksonReferenceEncoder}), for valid events, edge cases and events the contract would reject.
 */
class EventEncoderDifferentialTest {

  @Provide
  Arbitrary<Event> events() {
    return EventArbitraries.events();
  }

  @Property(tries = 2000)
  void anyValidEvent_encodesToTheReferencesBytes(@ForAll("events") Event e) {
    assertThat(EventEncoder.encode(e)).isEqualTo(JacksonReferenceEncoder.encode(e));
  }

  @Test
  void everyCharacterBelow0x800_andAroundTheSurrogates_encodesToTheReferencesBytes() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x800; c++) {
      all.append(c);
    }
    all.append("\u0800\ud7ff\ue000\ufffd\uffff\ud800\udc00\udbff\udfff😀é€");
    String s = all.toString();

    for (int from = 0; from < s.length(); from += 97) {
      String part = s.substring(from, Math.min(s.length(), from + 300));
      if (Character.isLowSurrogate(part.charAt(0))) {
        part = part.substring(1);
      }
      if (Character.isHighSurrogate(part.charAt(part.length() - 1))) {
        part = part.substring(0, part.length() - 1);
      }
      Event e = event(part, part, part, part, Map.of(part, 1.5));
      assertThat(utf8(EventEncoder.encode(e))).isEqualTo(utf8(JacksonReferenceEncoder.encode(e)));
    }
  }

  @Test
  void metricValuesOfEveryKind_encodeToTheReferencesBytes() {
    Map<String, Double> m = new LinkedHashMap<>();
    double[] values = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      0.0,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      1e-3,
      1e7,
      1e21,
      0.1,
      71.5,
      -512.0,
      23.456,
      1.0 / 3
    };
    for (int i = 0; i < values.length; i++) {
      m.put("m" + (char) ('a' + i), values[i]);
    }
    Event e = event("d", "/", null, null, m);

    assertThat(utf8(EventEncoder.encode(e))).isEqualTo(utf8(JacksonReferenceEncoder.encode(e)));
  }

  @Test
  void eventsTheContractRejects_areStillWrittenAsTheReferenceWritesThem() {
    Event e =
        new Event(
            "",
            EventType.PAGE_VIEW,
            Instant.parse("0000-01-01T00:00:00Z"),
            "",
            "",
            "no-slash",
            "",
            "lowercase",
            Integer.MIN_VALUE,
            Map.of("Bad Name\"", -1e300));

    assertThat(utf8(EventEncoder.encode(e))).isEqualTo(utf8(JacksonReferenceEncoder.encode(e)));
  }

  @Test
  void unwritableEvents_failWithTheReferencesMessage() {
    Event[] bad = {
      event("ok\ud800", "/", null, null, null),
      event("ok", "/\udc00x", "ref\ud800", null, null),
      event("ok", "/", null, "\ud800", null),
      event("ok", "/", null, null, Map.of("a\ud800", 1.0)),
      new Event(
          "e\ud800",
          EventType.CLICK,
          Instant.parse("+10000-01-01T00:00:00Z"),
          "d",
          null,
          "/",
          null,
          null,
          Event.NO_LOAD_MS,
          null)
    };
    for (Event e : bad) {
      Throwable expected = catchThrowable(() -> JacksonReferenceEncoder.encode(e));
      assertThat(expected).isInstanceOf(IllegalArgumentException.class);

      assertThatThrownBy(() -> EventEncoder.encode(e))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(expected.getMessage());
    }
  }

  private static Event event(
      String deviceId, String page, String referrer, String session, Map<String, Double> m) {
    return new Event(
        "evt-1",
        m == null ? EventType.CLICK : EventType.TELEMETRY,
        Instant.parse("2026-11-21T10:15:30.123Z"),
        deviceId,
        session,
        page,
        referrer,
        "DE",
        42,
        m);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
