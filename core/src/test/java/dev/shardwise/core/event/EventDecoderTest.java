package dev.shardwise.core.event;

import static dev.shardwise.core.event.Events.ARRIVAL;
import static dev.shardwise.core.event.Events.PAGE_VIEW;
import static dev.shardwise.core.event.Events.TELEMETRY;
import static dev.shardwise.core.event.Events.TIME;
import static dev.shardwise.core.testing.RawEvent.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.testing.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link EventDecoder} accepts, and how it reads it. Rejections: EventDecoderRejectTest. */
class EventDecoderTest {

  private final EventDecoder decoder = EventDecoder.standard();

  @Test
  void pageView_withEveryField_decodesToTheEvent() {
    byte[] json =
        ("{\"schema\":1,\"event_id\":\"evt-0001\",\"type\":\"page_view\","
                + "\"time\":\"2026-11-21T11:58:00.250Z\",\"device_id\":\"device-42\","
                + "\"session_id\":\"sess-7\",\"page\":\"/products/42\","
                + "\"referrer\":\"https://search.example/?q=x\",\"country\":\"DE\",\"load_ms\":312}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(json, ARRIVAL)).isEqualTo(new DecodeResult.Valid(PAGE_VIEW));
  }

  @Test
  void telemetry_withMetrics_decodesToTheEvent() {
    byte[] json =
        ("{\"schema\":1,\"event_id\":\"evt-0002\",\"type\":\"telemetry\","
                + "\"time\":\"2026-11-21T11:58:00.25Z\",\"device_id\":\"device-42\","
                + "\"metrics\":{\"mem_mb\":512,\"cpu_pct\":71.5}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(json, ARRIVAL)).isEqualTo(new DecodeResult.Valid(TELEMETRY));
  }

  @Test
  void minimalClick_hasAbsentOptionalFields() {
    Event e =
        valid(
            "{\"schema\":1,\"event_id\":\"c\",\"type\":\"click\",\"time\":\"2026-11-21T12:00:00Z\",\"device_id\":\"d\",\"page\":\"/\"}");

    assertThat(e.sessionId()).isNull();
    assertThat(e.referrer()).isNull();
    assertThat(e.country()).isNull();
    assertThat(e.hasLoadMs()).isFalse();
    assertThat(e.loadMs()).isEqualTo(Event.NO_LOAD_MS);
    assertThat(e.metrics()).isEmpty();
  }

  @Test
  void nullOptionalFields_areTheSameAsAbsentOnes() {
    RawEvent raw =
        RawEvent.of(TELEMETRY)
            .with("session_id", "null")
            .with("page", "null")
            .with("referrer", "null")
            .with("country", "null")
            .with("load_ms", "null");

    assertThat(decoder.decode(raw.bytes(), ARRIVAL)).isEqualTo(new DecodeResult.Valid(TELEMETRY));
  }

  @Test
  void page_dropsQueryStringAndFragment() {
    assertThat(pageOf("/a/b?x=1&y=/z#frag")).isEqualTo("/a/b");
    assertThat(pageOf("/a#frag?not-a-query")).isEqualTo("/a");
    assertThat(pageOf("/?x")).isEqualTo("/");
    assertThat(pageOf("/a%3Fb")).isEqualTo("/a%3Fb");
  }

  @Test
  void page_lengthRuleCountsTheRawValue_soALongQueryIsRejected() {
    String longQuery = "/a?" + "q".repeat(2046); // 2049 code points raw, "/a" normalised

    DecodeResult r =
        decoder.decode(RawEvent.of(PAGE_VIEW).with("page", str(longQuery)).bytes(), ARRIVAL);

    assertThat(r)
        .isInstanceOfSatisfying(
            DecodeResult.Rejected.class,
            rej -> assertThat(rej.reason()).isEqualTo(RejectReason.BAD_VALUE));
    assertThat(pageOf("/a?" + "q".repeat(2045))).isEqualTo("/a");
  }

  @Test
  void lengths_countCodePoints_notUtf16Chars() {
    String emoji128 = "😀".repeat(128); // 256 chars, 128 code points

    Event e = valid(RawEvent.of(PAGE_VIEW).with("device_id", str(emoji128)).json());

    assertThat(e.deviceId()).isEqualTo(emoji128);
  }

  @Test
  void unknownFields_areIgnored_whateverTheirValue_evenDuplicateKeysInside() {
    RawEvent raw =
        RawEvent.of(PAGE_VIEW)
            .with("x", "{\"deep\":[[[{\"a\":null}]]],\"same\":1,\"same\":2}")
            .with("schema_v2_hint", "[true,false,1e999,\"\\u00e9\"]")
            .with("Page", "42");

    assertThat(decoder.decode(raw.bytes(), ARRIVAL)).isEqualTo(new DecodeResult.Valid(PAGE_VIEW));
  }

  @Test
  void integerFields_acceptIntegralNumbersInAnyNotation_asJsonSchemaDoes() {
    Event e = valid(RawEvent.of(PAGE_VIEW).with("schema", "1.0").with("load_ms", "3.12e2").json());

    assertThat(e.loadMs()).isEqualTo(312);
    assertThat(valid(RawEvent.of(PAGE_VIEW).with("schema", "1e0").json())).isEqualTo(PAGE_VIEW);
  }

  @Test
  void time_withOffset_isTheSameInstantInUtc() {
    Event e =
        valid(RawEvent.of(PAGE_VIEW).with("time", str("2026-11-21t17:28:00.25+05:30")).json());

    assertThat(e.time()).isEqualTo(TIME);
  }

  @Test
  void time_keepsNanoseconds() {
    Event e =
        valid(RawEvent.of(PAGE_VIEW).with("time", str("2026-11-21T11:58:00.123456789Z")).json());

    assertThat(e.time()).isEqualTo(Instant.parse("2026-11-21T11:58:00.123456789Z"));
  }

  @Test
  void metrics_keepNegativeZero_andIterateInNameOrder() {
    Event e =
        valid(RawEvent.of(TELEMETRY).with("metrics", "{\"z\":1,\"a\":-0.0,\"m\":2.5e-3}").json());

    assertThat(List.copyOf(e.metrics().keySet())).containsExactly("a", "m", "z");
    assertThat(e.metrics().get("a")).isEqualTo(-0.0);
    assertThat(e.metrics()).isEqualTo(Map.of("a", -0.0, "m", 0.0025, "z", 1.0));
  }

  @Test
  void whitespaceAroundTheObject_isAccepted_soJsonLinesWork() {
    byte[] line = ("\t " + RawEvent.of(PAGE_VIEW).json() + "\r\n").getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(line, ARRIVAL)).isEqualTo(new DecodeResult.Valid(PAGE_VIEW));
  }

  @Test
  void decodeOfARange_readsOnlyThatRange() {
    byte[] one = RawEvent.of(PAGE_VIEW).bytes();
    byte[] buffer = new byte[one.length + 20];
    buffer[0] = 'x';
    System.arraycopy(one, 0, buffer, 10, one.length);
    buffer[10 + one.length] = '}';

    assertThat(decoder.decode(buffer, 10, one.length, ARRIVAL))
        .isEqualTo(new DecodeResult.Valid(PAGE_VIEW));
  }

  @Test
  void exactly64KiB_isAccepted() {
    byte[] base = RawEvent.of(PAGE_VIEW).bytes();
    int pad = EventDecoder.MAX_EVENT_BYTES - base.length - ",\"pad\":\"\"".length();
    byte[] json = RawEvent.of(PAGE_VIEW).with("pad", str("p".repeat(pad))).bytes();

    assertThat(json).hasSize(EventDecoder.MAX_EVENT_BYTES);
    assertThat(decoder.decode(json, ARRIVAL)).isEqualTo(new DecodeResult.Valid(PAGE_VIEW));
  }

  @Test
  void timeRule_boundsAreInclusive() {
    byte[] json = RawEvent.of(PAGE_VIEW).bytes();

    assertThat(decoder.decode(json, TIME.plus(Duration.ofDays(7))).isValid()).isTrue();
    assertThat(decoder.decode(json, TIME.plus(Duration.ofDays(7)).plusNanos(1)).isValid())
        .isFalse();
    assertThat(decoder.decode(json, TIME.minus(Duration.ofMinutes(5))).isValid()).isTrue();
    assertThat(decoder.decode(json, TIME.minus(Duration.ofMinutes(5)).minusNanos(1)).isValid())
        .isFalse();
  }

  @Test
  void ownTimeRule_isApplied() {
    EventDecoder strict = new EventDecoder(Duration.ofMinutes(1), Duration.ZERO);
    byte[] json = RawEvent.of(PAGE_VIEW).bytes();

    assertThat(strict.decode(json, TIME.plusSeconds(60)).isValid()).isTrue();
    assertThat(strict.decode(json, TIME.plusSeconds(61)).isValid()).isFalse();
    assertThat(strict.decode(json, TIME.minusNanos(1)).isValid()).isFalse();
    assertThat(strict.maxAge()).isEqualTo(Duration.ofMinutes(1));
    assertThat(EventDecoder.standard().maxAhead()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void negativeDurations_failWhenTheDecoderIsBuilt() {
    assertThatThrownBy(() -> new EventDecoder(Duration.ofDays(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
    assertThatThrownBy(() -> new EventDecoder(Duration.ZERO, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAhead");
  }

  @Test
  void programmingErrors_throw_badInputNever() {
    byte[] json = RawEvent.of(PAGE_VIEW).bytes();

    assertThatThrownBy(() -> decoder.decode(json, 5, json.length, ARRIVAL))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> decoder.decode(json, null)).isInstanceOf(NullPointerException.class);
  }

  private Event valid(String json) {
    DecodeResult r = decoder.decode(json.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    assertThat(r).as(json).isInstanceOf(DecodeResult.Valid.class);
    return ((DecodeResult.Valid) r).event();
  }

  private String pageOf(String rawPage) {
    return valid(RawEvent.of(PAGE_VIEW).with("page", str(rawPage)).json()).page();
  }
}
