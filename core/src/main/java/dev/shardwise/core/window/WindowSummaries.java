package dev.shardwise.core.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link WindowSummary} of a {@link WindowState}. */
final class WindowSummaries {
  private WindowSummaries() {}

  static WindowSummary of(WindowState s, String shardId, CloseReason reason) {
    List<PageMinute> rows = new ArrayList<>(s.cellCount);
    for (int c = 0; c < s.cellCount; c++) {
      rows.add(
          new PageMinute(
              Instant.ofEpochSecond(s.cellMinute[c] * 60),
              s.pages.get(s.cellPage[c]),
              s.cellViews[c],
              s.cellUnique[c],
              s.cellLoadSum[c],
              s.cellLoadCount[c],
              s.cellLoadMax[c],
              s.isLate(s.cellMinute[c])));
    }
    rows.sort(Comparator.comparing(PageMinute::minute).thenComparing(PageMinute::page));

    List<Map<String, MetricStats>> metrics = new ArrayList<>(s.devices.size());
    for (int d = 0; d < s.devices.size(); d++) {
      metrics.add(new LinkedHashMap<>());
    }
    for (int i = 0; i < s.statCount; i++) {
      metrics
          .get(s.statDevice[i])
          .put(
              s.metricNames.get(s.statMetric[i]),
              new MetricStats(
                  s.statN[i], s.statSum[i], s.statSumSq[i], s.statMin[i], s.statMax[i]));
    }
    List<DeviceActivity> devices = new ArrayList<>(s.devices.size());
    for (int d = 0; d < s.devices.size(); d++) {
      devices.add(new DeviceActivity(s.devices.get(d), s.deviceEvents[d], metrics.get(d)));
    }
    return new WindowSummary(shardId, s.segment, s.windowEnd, reason, rows, devices, s.totals());
  }
}
