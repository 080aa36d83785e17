package dev.shardwise.core.event;

import static dev.shardwise.core.event.Events.PAGE_VIEW;
import static dev.shardwise.core.event.Events.TELEMETRY;
import static dev.shardwise.core.event.Events.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEncoderTest {

  @Test
  void pageView_isWrittenInTheContractsFieldOrder_withoutAbsentFields() {
    assertThat(json(PAGE_VIEW))
        .isEqualTo(
            "{\"schema\":1,\"event_id\":\"evt-0001\",\"type\":\"page_view\","
                + "\"time\":\"2026-11-21T11:58:00.250Z\",\"device_id\":\"device-42\","
                + "\"session_id\":\"sess-7\",\"page\":\"/products/42\","
                + "\"referrer\":\"https://search.example/?q=x\",\"country\":\"DE\",\"load_ms\":312}");
  }

  @Test
  void telemetry_writesMetricsInNameOrder_whateverTheMapsOrder() {
    Map<String, Double> zFirst = new LinkedHashMap<>();
    zFirst.put("z", -0.0);
    zFirst.put("a", 1e21);
    zFirst.put("m", 0.1);
    Event e = withMetrics(zFirst);

    assertThat(json(e))
        .isEqualTo(
            "{\"schema\":1,\"event_id\":\"evt-0002\",\"type\":\"telemetry\","
                + "\"time\":\"2026-11-21T11:58:00.250Z\",\"device_id\":\"device-42\","
                + "\"metrics\":{\"a\":1.0E21,\"m\":0.1,\"z\":-0.0}}");
  }

  @Test
  void time_isUtcWithTheFewestFractionGroups() {
    assertThat(json(at(Instant.parse("2026-11-21T11:58:00Z"))))
        .contains("\"time\":\"2026-11-21T11:58:00Z\"");
    assertThat(json(at(Instant.parse("2026-11-21T11:58:00.000120Z"))))
        .contains("\"2026-11-21T11:58:00.000120Z\"");
    assertThat(json(at(Instant.parse("2026-11-21T11:58:00.000000001Z"))))
        .contains("\"2026-11-21T11:58:00.000000001Z\"");
  }

  @Test
  void strings_escapeQuotesBackslashesAndControls_andKeepNonAsciiAsUtf8() {
    Event e = withDevice("a\"b\\c\n\u0001é😀/");

    assertThat(json(e)).contains("\"device_id\":\"a\\\"b\\\\c\\n\\u0001é😀/\"");
  }

  @Test
  void equalEvents_encodeToEqualBytes() {
    Event a = withMetrics(Map.of("x", 1.0, "y", 2.0, "z", 3.0));
    Event b = withMetrics(new LinkedHashMap<>(Map.of("z", 3.0, "y", 2.0, "x", 1.0)));

    assertThat(a).isEqualTo(b);
    assertThat(EventEncoder.encode(a)).isEqualTo(EventEncoder.encode(b));
  }

  @Test
  void unpairedSurrogate_cannotBeEncoded() {
    assertThatThrownBy(() -> EventEncoder.encode(withDevice("ab\ud800")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'device_id' has an unpaired surrogate");
  }

  @Test
  void timeBeyondYear9999_cannotBeEncoded() {
    assertThatThrownBy(() -> EventEncoder.encode(at(Instant.parse("+10000-01-01T00:00:00Z"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0000-9999");
  }

  @Test
  void encodeTo_appendsToTheStream_flushes_andLeavesItOpen() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean[] closed = {false};
    FilterOutputStream out =
        new FilterOutputStream(bytes) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    EventEncoder.encodeTo(PAGE_VIEW, out);
    out.write('\n');
    EventEncoder.encodeTo(TELEMETRY, out);

    assertThat(closed[0]).isFalse();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(json(PAGE_VIEW) + "\n" + json(TELEMETRY));
  }

  private static String json(Event e) {
    return new String(EventEncoder.encode(e), StandardCharsets.UTF_8);
  }

  private static Event withMetrics(Map<String, Double> metrics) {
    return new Event(
        "evt-0002",
        EventType.TELEMETRY,
        TIME,
        "device-42",
        null,
        null,
        null,
        null,
        Event.NO_LOAD_MS,
        metrics);
  }

  private static Event withDevice(String deviceId) {
    return new Event(
        "e", EventType.CLICK, TIME, deviceId, null, "/", null, null, Event.NO_LOAD_MS, null);
  }

  private static Event at(Instant time) {
    return new Event(
        "e", EventType.CLICK, time, "d", null, "/", null, null, Event.NO_LOAD_MS, null);
  }
}
