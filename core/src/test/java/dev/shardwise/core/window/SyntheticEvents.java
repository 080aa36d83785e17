package dev.shardwise.core.window;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, realistic event streams for window tests: Zipf-distributed pages, a device population,
 * 80% page views (most with load times), 10% clicks, 10% telemetry with three metrics.
 */
final class SyntheticEvents {
  static final Instant WINDOW_START = Instant.parse("2026-11-21T10:15:00Z");
  static final Instant WINDOW_END = WINDOW_START.plusSeconds(60);

  private final SplittableRandom random;
  private final String[] pages;
  private final double[] cumulative;
  private final int devices;
  private long next;

  SyntheticEvents(long seed, int pageCount, int deviceCount) {
    random = new SplittableRandom(seed);
    pages = new String[pageCount];
    cumulative = new double[pageCount];
    double total = 0;
    for (int i = 0; i < pageCount; i++) {
      pages[i] = "/catalog/section-" + (i % 97) + "/item-" + i;
      total += 1.0 / (i + 1);
      cumulative[i] = total;
    }
    for (int i = 0; i < pageCount; i++) {
      cumulative[i] /= total;
    }
    devices = deviceCount;
  }

  /** Pages are drawn in order of a Zipf(1) law until every page was drawn once at least. */
  List<Event> events(int count) {
    List<Event> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next(i < pages.length ? pages[i] : pages[zipf()]));
    }
    return out;
  }

  private int zipf() {
    double u = random.nextDouble();
    int lo = 0;
    int hi = pages.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private Event next(String page) {
    long n = next++;
    String id = "evt-" + Long.toHexString(random.nextLong()) + "-" + n;
    String device = "device-" + String.format("%08x", random.nextInt(devices) * 2654435761L);
    Instant time = WINDOW_START.minusSeconds(random.nextInt(100)).plusMillis(random.nextInt(1000));
    int kind = random.nextInt(10);
    if (kind < 8) {
      int load = random.nextInt(4) == 0 ? Event.NO_LOAD_MS : 50 + random.nextInt(3000);
      return new Event(id, EventType.PAGE_VIEW, time, device, null, page, null, "DE", load, null);
    }
    if (kind == 8) {
      return new Event(
          id, EventType.CLICK, time, device, null, page, null, null, Event.NO_LOAD_MS, null);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("battery_pct", (double) random.nextInt(101));
    metrics.put("temp_c", 20 + random.nextDouble() * 15);
    metrics.put("rssi_dbm", -30.0 - random.nextInt(60));
    return new Event(
        id, EventType.TELEMETRY, time, device, null, null, null, null, Event.NO_LOAD_MS, metrics);
  }

  static SegmentKey segment(String seq) {
    return new SegmentKey(WINDOW_START, seq, -1);
  }
}
