package dev.shardwise.core.detect;

import dev.shardwise.core.detect.internal.CountTail;
import dev.shardwise.core.detect.internal.DeviceEntry;
import dev.shardwise.core.detect.internal.KeyCap;
import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.detect.internal.MetricEntry;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.DeviceActivity;
import dev.shardwise.core.window.MetricStats;
import dev.shardwise.core.window.WindowSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-device detectors, exact because all of a device's events share a shard.
 *
 * <p>Each telemetry metric keeps a robust level with a trend (Holt's linear method: a steady drift
 * is learned, not alarmed), the EWMA variance of window means around the predicted level (residuals
 * clipped at 3 standard deviations, so outliers do not inflate it) and the pooled within-window
 * variance of single readings. From a window's moments (count, sum, sum of squares, min, max) it
 * reports:
 *
 * <ul>
 *   <li>{@code device_level_shift}: the mean of the window <em>without its most extreme
 *       reading</em> is {@code threshold} standard errors from the level (the level then restarts
 *       at the new mean);
 *   <li>{@code device_outlier}: otherwise, the most extreme reading is {@code threshold} reading
 *       standard deviations from the level (it is left out of the level update);
 *   <li>{@code device_drift}: otherwise, a one-sided CUSUM of standardised residuals (slack 0.5,
 *       limit 12) crosses its limit: a new drift (a change of trend) the level would follow
 *       silently.
 * </ul>
 *
 * The device's events per full window keep an EWMA mean and variance: {@code device_burst} when the
 * count is {@code minRatio} times the mean and {@code threshold} standard deviations above it
 * (variance at least the Poisson one); {@code device_silence} when a device whose mean is at least
 * 15 events per window sends none. Counts are judged only on full windows (a segment closed at the
 * window's end that is the window's first segment).
 */
public final class DeviceDetector implements WindowDetector {
  static final double LEVEL_ALPHA = 0.2;
  static final double VAR_BETA = 0.05;
  static final double SLOPE_BETA = 0.1;
  static final double RATE_ALPHA = 0.1;
  static final double CUSUM_SLACK = 0.5;
  static final double CUSUM_LIMIT = 12;
  static final double SILENCE_MIN_RATE = 15;
  static final int BURST_MIN_EVENTS = 10;
  private static final int CAP = 1_000_000;

  private final DetectorSettings settings;

  public DeviceDetector(DetectorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public java.util.Set<String> kinds() {
    return java.util.Set.of(
        "device_burst", "device_silence", "device_level_shift", "device_outlier", "device_drift");
  }

  @Override
  public String name() {
    return "device";
  }

  @Override
  public Detection detect(WindowSummary window, byte[] state) {
    KeyedStateCodec.Devices loaded =
        state == null
            ? new KeyedStateCodec.Devices(Long.MIN_VALUE, new TreeMap<>())
            : KeyedStateCodec.decodeDevices(state);
    TreeMap<String, DeviceEntry> devices = loaded.entries();
    long w = window.windowStart().getEpochSecond();
    boolean fullWindow = window.closeReason() == CloseReason.WINDOW_END && w != loaded.lastWindow();
    List<Anomaly> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    double pooled = fullWindow ? pooledDispersion(devices) : 1;
    for (DeviceActivity a : window.devices()) {
      seen.add(a.deviceId());
      DeviceEntry d = devices.get(a.deviceId());
      if (d == null) {
        d = new DeviceEntry();
        devices.put(a.deviceId(), d);
      }
      d.lastSeen = w;
      for (Map.Entry<String, MetricStats> m : a.metrics().entrySet()) {
        if (m.getValue().count() > 0) {
          metric(a.deviceId(), d.metric(m.getKey()), m.getValue(), out);
        }
      }
      if (fullWindow) {
        rate(a.deviceId(), d, a.events(), pooled, out);
      }
    }
    if (fullWindow) {
      long horizon = settings.evictAfter().toSeconds();
      devices
          .entrySet()
          .removeIf(e -> !seen.contains(e.getKey()) && w - e.getValue().lastSeen > horizon);
      for (Map.Entry<String, DeviceEntry> e : devices.entrySet()) {
        if (!seen.contains(e.getKey())) {
          rate(e.getKey(), e.getValue(), 0, pooled, out);
        }
      }
    }
    KeyCap.cap(devices, settings.maxKeys(), e -> e.lastSeen);
    long last = Math.max(w, loaded.lastWindow());
    return new Detection(out, KeyedStateCodec.encodeDevices(last, devices));
  }

  /**
   * The parents' device states merged for a child shard after a reshard: every device keeps its
   * history (a device's events go to exactly one child; devices of the other child are evicted
   * after {@code evictAfter}).
   */
  @Override
  public byte[] inherit(List<byte[]> parentStates) {
    TreeMap<String, DeviceEntry> merged = new TreeMap<>();
    long last = Long.MIN_VALUE;
    for (byte[] s : parentStates) {
      if (s == null) {
        continue;
      }
      KeyedStateCodec.Devices p = KeyedStateCodec.decodeDevices(s);
      last = Math.max(last, p.lastWindow());
      p.entries().forEach((k, v) -> merged.merge(k, v, (a, b) -> a.lastSeen >= b.lastSeen ? a : b));
    }
    return last == Long.MIN_VALUE ? null : KeyedStateCodec.encodeDevices(last, merged);
  }

  /**
   * How far in its upper tail a count lies, as the z of a normal with the same tail: quasi-Poisson
   * with mean {@code m} and dispersion {@code phi} (the count over {@code phi} is Poisson of mean
   * {@code m / phi}). Capped at 1000.
   */
  static double countScore(long events, double m, double phi) {
    double logTail = CountTail.poissonLogUpperTail(events / phi, m / phi);
    return Math.min(CountTail.normalScore(logTail), 1000);
  }

  /**
   * The shard's pooled dispersion of event counts (variance / mean, at least 1) over its warm
   * devices: {@code sum(variance) / sum(mean)}. A key judged on a few windows of its own may have
   * seen only quiet ones; the shard's devices together say how bursty counts are.
   */
  private double pooledDispersion(Map<String, DeviceEntry> devices) {
    double var = 0;
    double mean = 0;
    for (DeviceEntry d : devices.values()) {
      if (d.windows >= settings.warmupWindows()) {
        var += d.rateVar;
        mean += Math.max(d.rateMean, 1.0);
      }
    }
    return mean > 0 ? Math.max(1, var / mean) : 1;
  }

  private void rate(String device, DeviceEntry d, long events, double pooled, List<Anomaly> out) {
    double mean = d.rateMean;
    double sd = Math.sqrt(Math.max(Math.max(mean, d.rateVar), 1.0));
    boolean warm = d.windows >= settings.warmupWindows();
    double z = (events - mean) / sd;
    boolean anomalous = false;
    double m = Math.max(mean, 1.0);
    double phi = Math.max(Math.max(1, d.rateVar / m), pooled);
    double burstScore =
        warm && events >= BURST_MIN_EVENTS && events >= settings.minRatio() * mean
            ? countScore(events, m, phi)
            : 0;
    if (burstScore >= settings.threshold()) {
      double burstSd = Math.sqrt(phi * m);
      out.add(
          new Anomaly(
              "device_burst",
              KeyType.DEVICE,
              device,
              "events",
              events,
              mean,
              Math.max(0, mean - settings.threshold() * burstSd),
              mean + settings.threshold() * burstSd,
              burstScore,
              settings.threshold(),
              severity(burstScore)));
      anomalous = true;
    } else if (warm && events == 0 && mean >= SILENCE_MIN_RATE && -z >= settings.threshold()) {
      out.add(
          new Anomaly(
              "device_silence",
              KeyType.DEVICE,
              device,
              "events",
              0,
              mean,
              Math.max(0, mean - settings.threshold() * sd),
              mean + settings.threshold() * sd,
              -z,
              settings.threshold(),
              severity(-z)));
      anomalous = true;
    }
    if (d.windows == 0) {
      d.rateMean = events;
      d.rateVar = Math.max(events, 1);
    } else if (!anomalous) {
      double r = events - mean;
      double clipped = Math.max(-3 * sd, Math.min(3 * sd, r));
      double beta = Math.max(VAR_BETA, 1.0 / (d.windows + 1));
      d.rateMean = (float) (mean + Math.max(RATE_ALPHA, 1.0 / (d.windows + 1)) * clipped);
      d.rateVar = (float) (d.rateVar + beta * (clipped * clipped - d.rateVar));
    }
    d.windows = Math.min(CAP, d.windows + 1);
  }

  private void metric(String device, MetricEntry m, MetricStats s, List<Anomaly> out) {
    long c = s.count();
    double mean = s.mean();
    double within = c > 1 ? s.variance() * c / (c - 1) : Double.NaN;
    if (m.windows == 0) {
      m.level = mean;
      m.readVar = (float) (Double.isNaN(within) ? 0 : within);
      m.meanVar = (float) (Double.isNaN(within) ? 0 : within / c);
      m.windows = 1;
      return;
    }
    m.level += m.slope; // the level predicted for this window
    double floor = varianceFloor(m.level);
    double readVar = Math.max(m.readVar, floor);
    double meanVar = Math.max(Math.max(m.meanVar, readVar / c), floor);
    double extreme = (s.max() - m.level) >= (m.level - s.min()) ? s.max() : s.min();
    double looMean = c > 1 ? (s.sum() - extreme) / (c - 1) : mean;
    double looVar = c > 1 ? Math.max(m.meanVar, readVar / (c - 1)) : meanVar;
    looVar = Math.max(looVar, floor);
    double zShift = (looMean - m.level) / Math.sqrt(looVar);
    double zRead = (extreme - m.level) / Math.sqrt(readVar + m.meanVar);
    boolean warm = m.windows >= settings.warmupWindows();
    double t = settings.threshold();
    double update = mean;
    if (warm && c > 1 && Math.abs(zShift) >= t) {
      out.add(
          anomaly("device_level_shift", device, m, looMean, Math.sqrt(looVar), Math.abs(zShift)));
      m.level = mean;
      m.cusumUp = 0;
      m.cusumDown = 0;
      m.windows = Math.min(CAP, m.windows + 1);
      return;
    }
    if (warm && Math.abs(zRead) >= t) {
      out.add(
          anomaly(
              "device_outlier",
              device,
              m,
              extreme,
              Math.sqrt(readVar + m.meanVar),
              Math.abs(zRead)));
      if (c == 1) {
        m.windows = Math.min(CAP, m.windows + 1);
        return;
      }
      update = looMean;
    } else if (warm) {
      double z = Math.max(-4, Math.min(4, (mean - m.level) / Math.sqrt(meanVar)));
      m.cusumUp = (float) Math.max(0, m.cusumUp + z - CUSUM_SLACK);
      m.cusumDown = (float) Math.max(0, m.cusumDown - z - CUSUM_SLACK);
      if (m.cusumUp > CUSUM_LIMIT || m.cusumDown > CUSUM_LIMIT) {
        double score = Math.max(m.cusumUp, m.cusumDown);
        out.add(
            new Anomaly(
                "device_drift",
                KeyType.DEVICE,
                device,
                m.name,
                mean,
                m.level,
                m.level - t * Math.sqrt(meanVar),
                m.level + t * Math.sqrt(meanVar),
                score,
                CUSUM_LIMIT,
                Severity.WARNING));
        m.cusumUp = 0;
        m.cusumDown = 0;
        m.level = mean;
        m.windows = Math.min(CAP, m.windows + 1);
        return;
      }
    }
    double r = update - m.level;
    double sdMean = Math.sqrt(meanVar);
    double clipped = Math.max(-3 * sdMean, Math.min(3 * sdMean, r));
    double beta = Math.max(VAR_BETA, 1.0 / (m.windows + 1));
    double alpha = Math.max(LEVEL_ALPHA, 1.0 / (m.windows + 1));
    m.level += alpha * clipped;
    if (m.windows >= 2) {
      m.slope = (float) (m.slope + SLOPE_BETA * alpha * clipped);
    }
    m.meanVar = (float) (m.meanVar + beta * (clipped * clipped - m.meanVar));
    if (!Double.isNaN(within) && update == mean) {
      // The clip guards a learned spread against one wild window; during the warm-up there is none
      // yet: a first (often partial) window of 2 nearly equal readings would otherwise leave a
      // spread far too small that grows at most 9-fold per window, and alarm once judged.
      double cl = warm && m.readVar > 0 ? Math.min(within, 9 * readVar) : within;
      m.readVar = (float) (m.readVar + beta * (cl - m.readVar));
    }
    m.windows = Math.min(CAP, m.windows + 1);
  }

  private Anomaly anomaly(
      String kind, String device, MetricEntry m, double observed, double sd, double score) {
    double t = settings.threshold();
    return new Anomaly(
        kind,
        KeyType.DEVICE,
        device,
        m.name,
        observed,
        m.level,
        m.level - t * sd,
        m.level + t * sd,
        score,
        t,
        severity(score));
  }

  private Severity severity(double score) {
    return score >= 2 * settings.threshold() ? Severity.CRITICAL : Severity.WARNING;
  }

  /** Keeps a constant metric from dividing by zero: a relative 1e-6 or an absolute 1e-9. */
  static double varianceFloor(double level) {
    double s = Math.max(1e-6 * Math.abs(level), 1e-9);
    return s * s;
  }
}
