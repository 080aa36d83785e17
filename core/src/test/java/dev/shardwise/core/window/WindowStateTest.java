package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowStateTest {
  private static final Instant START = SyntheticEvents.WINDOW_START; // 10:15:00
  private static final FingerprintSet NONE = new FingerprintSet();

  private static WindowState open() {
    return WindowState.open(SyntheticEvents.segment("100"), START.plusSeconds(60), Duration.ZERO);
  }

  private static Event view(String id, String device, String page, String time, int loadMs) {
    return new Event(
        id, EventType.PAGE_VIEW, Instant.parse(time), device, null, page, null, null, loadMs, null);
  }

  private static WindowState.Outcome accept(WindowState s, Event e) {
    return s.accept(e, EventFingerprint.of(e.eventId()), NONE);
  }

  @Test
  void pageViews_areCountedPerMinuteAndPage_withUniqueDevicesAndLoadTimes() {
    WindowState s = open();
    accept(s, view("a", "d1", "/home", "2026-11-21T10:15:10Z", 100));
    accept(s, view("b", "d1", "/home", "2026-11-21T10:15:20Z", 300));
    accept(s, view("c", "d2", "/home", "2026-11-21T10:15:59.999Z", Event.NO_LOAD_MS));
    accept(s, view("d", "d2", "/home", "2026-11-21T10:16:00Z", 50));
    accept(s, view("e", "d3", "/cart", "2026-11-21T10:15:00Z", Event.NO_LOAD_MS));

    WindowSummary w = s.summarize("shardId-000000000000", CloseReason.WINDOW_END);

    assertThat(w.pageMinutes())
        .containsExactly(
            new PageMinute(Instant.parse("2026-11-21T10:15:00Z"), "/cart", 1, 1, 0, 0, -1, false),
            new PageMinute(
                Instant.parse("2026-11-21T10:15:00Z"), "/home", 3, 2, 400, 2, 300, false),
            new PageMinute(Instant.parse("2026-11-21T10:16:00Z"), "/home", 1, 1, 50, 1, 50, false));
    assertThat(w.totals()).isEqualTo(new WindowTotals(5, 0, 5, 0, 5, 0, 5));
  }

  @Test
  void aMinuteThatEndedBeforeTheWindow_isLate_andGraceShiftsTheEdge() {
    WindowState strict = open();
    WindowState lenient =
        WindowState.open(
            SyntheticEvents.segment("1"), START.plusSeconds(60), Duration.ofMinutes(1));
    Event justLate = view("a", "d1", "/p", "2026-11-21T10:14:59.999Z", 1);
    Event onTime = view("b", "d1", "/p", "2026-11-21T10:15:00Z", 1);
    Event twoMinutesOld = view("c", "d1", "/p", "2026-11-21T10:13:30Z", 1);

    assertThat(accept(strict, justLate)).isEqualTo(WindowState.Outcome.COUNTED_LATE);
    assertThat(accept(strict, onTime)).isEqualTo(WindowState.Outcome.COUNTED);
    assertThat(accept(lenient, justLate)).isEqualTo(WindowState.Outcome.COUNTED);
    assertThat(accept(lenient, twoMinutesOld)).isEqualTo(WindowState.Outcome.COUNTED_LATE);
    assertThat(strict.summarize("s", CloseReason.WINDOW_END).pageMinutes())
        .extracting(PageMinute::late)
        .containsExactly(true, false);
    assertThat(strict.totals().lateEvents()).isEqualTo(1);
  }

  @Test
  void aRepeatedEventId_isCountedOnce_inTheSegmentOrFromEarlierSegments() {
    WindowState s = open();
    FingerprintSet earlier = new FingerprintSet();
    earlier.add(EventFingerprint.of("seen-last-window"));

    assertThat(s.accept(view("x", "d1", "/p", "2026-11-21T10:15:01Z", 1), f("x"), earlier))
        .isEqualTo(WindowState.Outcome.COUNTED);
    assertThat(s.accept(view("x", "d9", "/q", "2026-11-21T10:15:02Z", 1), f("x"), earlier))
        .isEqualTo(WindowState.Outcome.DUPLICATE);
    assertThat(
            s.accept(
                view("seen-last-window", "d1", "/p", "2026-11-21T10:15:01Z", 1),
                f("seen-last-window"),
                earlier))
        .isEqualTo(WindowState.Outcome.DUPLICATE);

    WindowSummary w = s.summarize("s", CloseReason.WINDOW_END);
    assertThat(w.pageMinutes()).hasSize(1);
    assertThat(w.pageMinutes().get(0).views()).isEqualTo(1);
    assertThat(w.totals()).isEqualTo(new WindowTotals(3, 0, 3, 2, 1, 0, 1));
    assertThat(s.fingerprints().size()).isEqualTo(1);
  }

  @Test
  void telemetry_keepsPerDeviceMomentsOfEachMetric_andEventCounts() {
    WindowState s = open();
    Instant t = Instant.parse("2026-11-21T10:15:30Z");
    accept(s, telemetry("t1", "dev-a", t, Map.of("temp_c", 20.0, "rssi", -40.0)));
    accept(s, telemetry("t2", "dev-a", t, Map.of("temp_c", 24.0)));
    accept(s, telemetry("t3", "dev-b", t, Map.of("temp_c", 30.0)));
    accept(s, view("v", "dev-b", "/p", "2026-11-21T10:15:30Z", 5));

    WindowSummary w = s.summarize("s", CloseReason.STATE_BUDGET);

    assertThat(w.devices()).extracting(DeviceActivity::deviceId).containsExactly("dev-a", "dev-b");
    DeviceActivity a = w.devices().get(0);
    assertThat(a.events()).isEqualTo(2);
    assertThat(a.metrics().get("temp_c")).isEqualTo(new MetricStats(2, 44.0, 976.0, 20.0, 24.0));
    assertThat(a.metrics().get("temp_c").mean()).isEqualTo(22.0);
    assertThat(a.metrics().get("temp_c").variance()).isEqualTo(4.0);
    assertThat(a.metrics().get("rssi")).isEqualTo(new MetricStats(1, -40.0, 1600.0, -40.0, -40.0));
    assertThat(w.devices().get(1).events()).isEqualTo(2);
    assertThat(w.devices().get(1).metrics()).containsOnlyKeys("temp_c");
    assertThat(w.closeReason()).isEqualTo(CloseReason.STATE_BUDGET);
  }

  @Test
  void clicks_countForTheDevice_butAreNotViews() {
    WindowState s = open();
    accept(
        s,
        new Event(
            "c1", EventType.CLICK, START, "d1", null, "/buy", null, null, Event.NO_LOAD_MS, null));

    WindowSummary w = s.summarize("s", CloseReason.WINDOW_END);

    assertThat(w.pageMinutes()).isEmpty();
    assertThat(w.devices().get(0).events()).isEqualTo(1);
    assertThat(w.totals().views()).isZero();
    assertThat(w.totals().countedEvents()).isEqualTo(1);
  }

  @Test
  void rejects_areCountedAsUserRecords() {
    WindowState s = open();
    s.reject();
    accept(s, view("a", "d1", "/p", "2026-11-21T10:15:01Z", 1));

    assertThat(s.totals()).isEqualTo(new WindowTotals(2, 1, 1, 0, 1, 0, 1));
    assertThat(s.isEmpty()).isFalse();
  }

  @Test
  void open_rejectsAWindowThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> WindowState.open(SyntheticEvents.segment("1"), START, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window end");
  }

  @Test
  void growthBound_coversWhatAnEventAdds() {
    WindowState s = open();
    for (Event e : new SyntheticEvents(7, 500, 50).events(3000)) {
      long before = s.rawBytes();
      long bound = WindowState.growthBound(e);
      accept(s, e);
      assertThat(s.rawBytes() - before).isLessThanOrEqualTo(bound);
    }
  }

  private static long f(String id) {
    return EventFingerprint.of(id);
  }

  private static Event telemetry(String id, String device, Instant t, Map<String, Double> m) {
    return new Event(id, EventType.TELEMETRY, t, device, null, null, null, null, -1, m);
  }
}
