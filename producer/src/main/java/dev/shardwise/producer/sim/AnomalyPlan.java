package dev.shardwise.producer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Where and when the anomalies go: after a warm-up ({@link SimConfig#anomalyStartSecond}), on
 * distinct keys (spikes on mid-popularity pages, drops on the top pages, device anomalies on
 * distinct IoT devices).
 */
final class AnomalyPlan {

  /** One scheduled anomaly, in run seconds, with its label. */
  record Planned(AnomalyLabel label, int startSecond, int endSecond, int keyIndex, int metric) {}

  private AnomalyPlan() {}

  static List<Planned> plan(
      SimConfig c, RandomGenerator random, List<String> pages, Telemetry iot) {
    int seconds = (int) c.duration().toSeconds();
    int warm = c.anomalyStartSecond();
    int windowLen = Math.max(120, Math.min(300, seconds / 8));
    Set<Integer> usedPages = new HashSet<>();
    Set<Integer> usedDevices = new HashSet<>();
    List<Planned> out = new ArrayList<>();
    for (AnomalyKind kind : AnomalyKind.values()) {
      int n = c.anomalies().getOrDefault(kind, 0);
      for (int i = 0; i < n; i++) {
        int len =
            switch (kind) {
              case PAGE_SPIKE, PAGE_DROP -> windowLen;
              case DEVICE_BURST -> Math.max(30, Math.min(60, seconds / 10));
              case DEVICE_OUTLIER -> 1;
              case DEVICE_LEVEL_SHIFT -> 0; // until the end
            };
        int latestStart = Math.max(warm, seconds - Math.max(len, 30) - 1);
        int start = warm + random.nextInt(Math.max(1, latestStart - warm + 1));
        int end = kind == AnomalyKind.DEVICE_LEVEL_SHIFT ? seconds : Math.min(seconds, start + len);
        Instant from = c.start().plusSeconds(start);
        Instant to = c.start().plusSeconds(end);
        switch (kind) {
          case PAGE_SPIKE, PAGE_DROP -> {
            int lo = kind == AnomalyKind.PAGE_DROP ? 0 : Math.min(5, pages.size() - 1);
            int hi =
                kind == AnomalyKind.PAGE_DROP
                    ? Math.min(3, pages.size())
                    : Math.min(20, pages.size());
            int rank = pick(random, lo, hi, usedPages);
            if (rank < 0) {
              continue;
            }
            double k = c.anomalyScale();
            double magnitude =
                kind == AnomalyKind.PAGE_SPIKE
                    ? round1(1 + (3 + 4 * random.nextDouble()) * k)
                    : round1(1 - 0.9 * k);
            out.add(
                new Planned(
                    new AnomalyLabel(
                        null, kind, "page", pages.get(rank), "views", from, to, magnitude),
                    start,
                    end,
                    rank,
                    -1));
          }
          default -> {
            int device = pick(random, 0, iot.size(), usedDevices);
            if (device < 0) {
              continue;
            }
            int metric = random.nextInt(Telemetry.METRICS.length);
            double magnitude =
                switch (kind) {
                  case DEVICE_BURST -> round1(1 + 19 * c.anomalyScale());
                  case DEVICE_OUTLIER -> round1((8 + 4 * random.nextDouble()) * c.anomalyScale());
                  default -> round1((6 + 4 * random.nextDouble()) * c.anomalyScale());
                };
            String metricName =
                kind == AnomalyKind.DEVICE_BURST ? "events" : Telemetry.METRICS[metric];
            out.add(
                new Planned(
                    new AnomalyLabel(
                        null,
                        kind,
                        "device",
                        iot.id(device),
                        metricName,
                        from,
                        kind == AnomalyKind.DEVICE_OUTLIER ? from.plus(Duration.ofSeconds(1)) : to,
                        magnitude),
                    start,
                    kind == AnomalyKind.DEVICE_OUTLIER ? start + 1 : end,
                    device,
                    metric));
          }
        }
      }
    }
    out.sort(
        Comparator.comparing((Planned p) -> p.label().start())
            .thenComparing(p -> p.label().kind()));
    List<Planned> labelled = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Planned p = out.get(i);
      AnomalyLabel l = p.label();
      labelled.add(
          new Planned(
              new AnomalyLabel(
                  "a" + (i + 1),
                  l.kind(),
                  l.keyType(),
                  l.key(),
                  l.metric(),
                  l.start(),
                  l.end(),
                  l.magnitude()),
              p.startSecond(),
              p.endSecond(),
              p.keyIndex(),
              p.metric()));
    }
    return List.copyOf(labelled);
  }

  /** A random unused index in [lo, hi), or -1 when all are used. */
  private static int pick(RandomGenerator random, int lo, int hi, Set<Integer> used) {
    if (hi <= lo) {
      return -1;
    }
    int start = lo + random.nextInt(hi - lo);
    for (int i = 0; i < hi - lo; i++) {
      int candidate = lo + (start - lo + i) % (hi - lo);
      if (used.add(candidate)) {
        return candidate;
      }
    }
    return -1;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static Map<AnomalyKind, Integer> none() {
    return Map.of();
  }
}
