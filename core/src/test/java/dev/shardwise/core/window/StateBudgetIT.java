package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget at full scale: seconds, hence an integration test. */
class StateBudgetIT {
  private static final int LAMBDA_STATE_LIMIT = 1_000_000;
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
  void tenThousandPagesAndSixtyThousandEvents_fitOneSegmentUnderLambdasLimit() {
    // GIVEN a busy shard's window: 60,000 events over 10,000 distinct pages and 2,000 devices,
    // arriving in six invocations of 10,000 records
    List<Event> events = new SyntheticEvents(42, 10_000, 2_000).events(60_000);
    long[] maxChars = {0};

    List<Integer> closes =
        run(events, 10_000, new StateBudget(StateBudget.DEFAULT_MAX_CHARS), maxChars);

    // THEN no early close was needed and the state stayed under the 1 MB Lambda allows
    assertThat(closes).isEmpty();
    assertThat(maxChars[0])
        .isLessThan(StateBudget.DEFAULT_MAX_CHARS)
        .isLessThan(LAMBDA_STATE_LIMIT);
  }

  @Test
  void aWindowBeyondTheBudget_closesEarly_andNoStateExceedsIt() {
    // GIVEN 60,000 events from 60,000 distinct devices with long ids (no reuse to compress)
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      String device = "device-" + Long.toHexString(EventFingerprint.of("d" + i)) + "-" + i;
      events.add(
          new Event(
              "e" + i,
              EventType.PAGE_VIEW,
              SyntheticEvents.WINDOW_START,
              device,
              null,
              "/p/" + Long.toHexString(EventFingerprint.of("p" + i)),
              null,
              null,
              100 + i % 1000,
              null));
    }
    StateBudget budget = new StateBudget(400_000);
    long[] maxChars = {0};

    List<Integer> closes = run(events, 5_000, budget, maxChars);

    assertThat(closes).isNotEmpty();
    assertThat(maxChars[0]).isLessThanOrEqualTo(400_000);
  }
}
