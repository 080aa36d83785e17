package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateBudgetTest {
  private static final FingerprintSet NONE = new FingerprintSet();

  private static WindowState fresh(String seq) {
    return WindowState.open(
        SyntheticEvents.segment(seq), SyntheticEvents.WINDOW_END, Duration.ZERO);
  }

  /** Feeds a window in invocations of {@code batch} events, through the codec between them. */
  private static List<Integer> run(List<Event> events, int batch, StateBudget budget, long[] max) {
    List<Integer> closes = new ArrayList<>();
    WindowState s = fresh("1");
    for (int from = 0; from < events.size(); from += batch) {
      s = WindowStateCodec.decodeBase64(WindowStateCodec.encodeBase64(s));
      for (int i = from; i < Math.min(events.size(), from + batch); i++) {
        Event e = events.get(i);
        long fp = EventFingerprint.of(e.eventId());
        if (!s.contains(fp) && !budget.admits(s, e)) {
          closes.add(i);
          s = fresh(Integer.toString(1000 + i));
        }
        s.accept(e, fp, NONE);
      }
      max[0] = Math.max(max[0], WindowStateCodec.encodedChars(s));
    }
    return closes;
  }

  @Test
  void budgetDecisions_doNotDependOnHowTheWindowIsSplit() {
    List<Event> events = new ArrayList<>(new SyntheticEvents(9, 1_000, 1_000).events(6_000));
    StateBudget budget = new StateBudget(30_000);
    long[] max = {0};

    List<Integer> oneBatch = run(events, 6_000, budget, max);
    List<Integer> small = run(events, 777, budget, max);
    List<Integer> tiny = run(events, 250, budget, max);

    assertThat(oneBatch).hasSizeGreaterThan(2);
    assertThat(small).isEqualTo(oneBatch);
    assertThat(tiny).isEqualTo(oneBatch);
    assertThat(max[0]).isLessThanOrEqualTo(30_000);
  }

  @Test
  void anEmptySegment_alwaysAdmits() {
    StateBudget budget = new StateBudget(16_384);
    Event big =
        new Event(
            "x",
            EventType.PAGE_VIEW,
            SyntheticEvents.WINDOW_START,
            "d",
            null,
            "/" + "a".repeat(60_000),
            null,
            null,
            -1,
            null);

    assertThat(budget.admits(fresh("1"), big)).isTrue();
  }
}
