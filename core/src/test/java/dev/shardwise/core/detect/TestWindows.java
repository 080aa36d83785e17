package dev.shardwise.core.detect;

import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.DeviceActivity;
import dev.shardwise.core.window.MetricStats;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds window summaries for detector tests. */
final class TestWindows {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private final int index;
  private final List<DeviceActivity> devices = new ArrayList<>();
  private final List<PageMinute> pages = new ArrayList<>();
  private long rejects;

  private TestWindows(int index) {
    this.index = index;
  }

  static TestWindows window(int index) {
    return new TestWindows(index);
  }

  Instant start() {
    return T0.plusSeconds(60L * index);
  }

  TestWindows device(String id, long events, Map<String, double[]> readings) {
    Map<String, MetricStats> m = new LinkedHashMap<>();
    readings.forEach((k, v) -> m.put(k, stats(v)));
    devices.add(new DeviceActivity(id, events, m));
    return this;
  }

  TestWindows page(String page, long views) {
    pages.add(new PageMinute(start(), page, views, views, 0, 0, -1, false));
    return this;
  }

  TestWindows rejects(long n) {
    rejects = n;
    return this;
  }

  WindowSummary build() {
    long views = pages.stream().mapToLong(PageMinute::views).sum();
    long counted = views + devices.stream().mapToLong(DeviceActivity::events).sum();
    return new WindowSummary(
        "shardId-000000000000",
        new SegmentKey(start(), String.valueOf(1000 + index), -1),
        start().plusSeconds(60),
        CloseReason.WINDOW_END,
        pages,
        devices,
        new WindowTotals(counted + rejects, rejects, counted, 0, counted, 0, views));
  }

  static MetricStats stats(double... v) {
    double sum = 0;
    double sq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      sum += x;
      sq += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return new MetricStats(v.length, sum, sq, min, max);
  }
}
