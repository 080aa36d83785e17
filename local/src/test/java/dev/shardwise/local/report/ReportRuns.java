package dev.shardwise.local.report;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.AlarmRuntime;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.report.ReportData.Mark;
import dev.shardwise.local.report.ReportData.PageViews;
import dev.shardwise.local.report.ReportData.Point;
import dev.shardwise.local.testing.MutableClock;
import dev.shardwise.local.testing.PipelineMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A 40-minute run written to a data directory the way the runtime writes it (metric store and alarm
 * journal through {@link AlarmRuntime}): steady traffic with a daily-cycle slope, rejects, a page
 * spike at minute 12 and a consumer stopped from minute 22 to 27.
 */
final class ReportRuns {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private ReportRuns() {}

  static void writeRun(Path dataDir) {
    MutableClock clock = new MutableClock(T0);
    MetricStore store = MetricStore.open(dataDir, clock, MetricStore.Config.defaults());
    PipelineMetrics pipeline = new PipelineMetrics(store);
    try (AlarmRuntime runtime =
        AlarmRuntime.create(AlarmSpecification.load(), store, dataDir, clock, null, null)) {
      double[] lag = {330_000, 250_000, 170_000, 90_000, 20_000};
      for (int m = 0; m < 40; m++) {
        Instant t = T0.plus(Duration.ofMinutes(m));
        clock.set(t.plusSeconds(30));
        boolean stopped = m >= 22 && m < 27;
        double age = m >= 27 && m < 32 ? lag[m - 27] : 2000 + 300 * Math.sin(m / 3.0);
        double records = 5200 + 900 * Math.sin(m / 7.0) + (m == 12 ? 1500 : 0);
        pipeline.minute(t, records, !stopped, age, m % 9 == 4 ? 40 : 3);
        if (m == 12) {
          pipeline.anomaly(t, "page_spike");
        }
        clock.set(t.plusSeconds(60));
        runtime.tick();
      }
    }
  }

  /** Per-page views as the demo would hand them over from the Athena views. */
  static List<PageViews> pages() {
    String[] pages = {"/", "/checkout", "/search?<q>", "/product/42"};
    double[] base = {1800, 420, 300, 150};
    List<PageViews> out = new ArrayList<>();
    for (int p = 0; p < pages.length; p++) {
      List<Point> pts = new ArrayList<>();
      for (int m = 0; m < 40; m++) {
        double v =
            base[p] * (1 + 0.15 * Math.sin((m + 5 * p) / 6.0)) + (p == 1 && m == 12 ? 1500 : 0);
        if (!(p == 3 && m >= 22 && m < 24)) {
          pts.add(new Point(T0.plus(Duration.ofMinutes(m)), Math.round(v)));
        }
      }
      List<Mark> marks =
          p == 1 ? List.of(new Mark(T0.plus(Duration.ofMinutes(12)), "page_spike")) : List.of();
      out.add(new PageViews(pages[p], pts, marks));
    }
    return out;
  }

  static ReportData load(Path dataDir) throws IOException {
    ReportData d =
        new ReportLoader(
                AlarmSpecification.load(), new MutableClock(T0.plus(Duration.ofMinutes(45))))
            .load(dataDir, null, null);
    return new ReportData(
        d.title(),
        d.generatedAt(),
        d.from(),
        d.to(),
        d.throughput(),
        d.ages(),
        d.rejectsByReason(),
        d.anomalyMarks(),
        pages(),
        d.alarms(),
        List.of());
  }
}
