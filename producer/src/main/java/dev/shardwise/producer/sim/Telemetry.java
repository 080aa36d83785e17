package dev.shardwise.producer.sim;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * IoT devices reporting three metrics each: a per-device base level, a slow linear drift, and
 * Gaussian noise. Anomalies add offsets (level shifts) or a one-off outlier.
 */
final class Telemetry {
  /** Metric names, their base range, noise sigma, and drift range per hour. */
  static final String[] METRICS = {"temperature_c", "humidity_pct", "battery_v"};

  private static final double[][] BASE = {{18, 26}, {30, 60}, {3.7, 4.1}};
  static final double[] SIGMA = {0.3, 1.0, 0.01};
  private static final double[][] DRIFT_PER_HOUR = {{-0.5, 0.5}, {-1, 1}, {-0.02, 0}};

  private final RandomGenerator random;
  private final String[] ids;
  private final double[][] base;
  private final double[][] drift;
  private final double[][] shift;
  private final Instant start;
  private int next;

  Telemetry(RandomGenerator random, int devices, Instant start) {
    this.random = random;
    this.start = start;
    this.ids = new String[devices];
    this.base = new double[devices][METRICS.length];
    this.drift = new double[devices][METRICS.length];
    this.shift = new double[devices][METRICS.length];
    for (int d = 0; d < devices; d++) {
      ids[d] = String.format("iot-%06d", d);
      for (int m = 0; m < METRICS.length; m++) {
        base[d][m] = BASE[m][0] + random.nextDouble() * (BASE[m][1] - BASE[m][0]);
        drift[d][m] =
            DRIFT_PER_HOUR[m][0]
                + random.nextDouble() * (DRIFT_PER_HOUR[m][1] - DRIFT_PER_HOUR[m][0]);
      }
    }
  }

  int size() {
    return ids.length;
  }

  String id(int device) {
    return ids[device];
  }

  /** The next device in round-robin order: each reports at the same cadence. */
  int nextDevice() {
    int d = next;
    next = (next + 1) % ids.length;
    return d;
  }

  /** A reading of every metric of {@code device} at {@code time}. */
  Event reading(String eventId, int device, Instant time) {
    return reading(eventId, device, time, -1, 0);
  }

  /** A reading where metric {@code outlierMetric} is offset by {@code sigmas} noise sigmas. */
  Event reading(String eventId, int device, Instant time, int outlierMetric, double sigmas) {
    double hours = (time.toEpochMilli() - start.toEpochMilli()) / 3_600_000.0;
    Map<String, Double> values = new TreeMap<>();
    for (int m = 0; m < METRICS.length; m++) {
      double v = base[device][m] + drift[device][m] * hours + shift[device][m];
      v += SIGMA[m] * random.nextGaussian();
      if (m == outlierMetric) {
        v += sigmas * SIGMA[m];
      }
      values.put(METRICS[m], Math.round(v * 1000) / 1000.0);
    }
    return new Event(
        eventId,
        EventType.TELEMETRY,
        time,
        ids[device],
        null,
        null,
        null,
        null,
        Event.NO_LOAD_MS,
        values);
  }

  /** From now on, metric {@code m} of {@code device} reads {@code sigmas} sigmas higher. */
  void shiftLevel(int device, int m, double sigmas) {
    shift[device][m] += sigmas * SIGMA[m];
  }
}
