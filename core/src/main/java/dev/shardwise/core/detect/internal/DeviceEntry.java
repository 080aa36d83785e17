package dev.shardwise.core.detect.internal;

import java.util.Arrays;

/** The state of one device: its event rate and one {@link MetricEntry} per telemetry metric. */
public final class DeviceEntry {
  /** Window start (epoch seconds) of the last window with events of this device. */
  public long lastSeen;

  /** Full windows observed since first seen (with or without events), capped. */
  public int windows;

  /** EWMA of events per window. */
  public float rateMean;

  /** EWMA of the squared deviation of events per window (clipped). */
  public float rateVar;

  /** Metrics, sorted by name. */
  public MetricEntry[] metrics = new MetricEntry[0];

  public MetricEntry metric(String name) {
    for (MetricEntry m : metrics) {
      if (m.name.equals(name)) {
        return m;
      }
    }
    MetricEntry m = new MetricEntry(name);
    MetricEntry[] next = Arrays.copyOf(metrics, metrics.length + 1);
    next[metrics.length] = m;
    Arrays.sort(next, (a, b) -> a.name.compareTo(b.name));
    metrics = next;
    return m;
  }

  /** A copy sharing nothing mutable. */
  public DeviceEntry copy() {
    DeviceEntry d = new DeviceEntry();
    d.lastSeen = lastSeen;
    d.windows = windows;
    d.rateMean = rateMean;
    d.rateVar = rateVar;
    d.metrics = new MetricEntry[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      d.metrics[i] = metrics[i].copy();
    }
    return d;
  }
}
