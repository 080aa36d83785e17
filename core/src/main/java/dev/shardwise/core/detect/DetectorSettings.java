package dev.shardwise.core.detect;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the standard detectors, validated when built (the consumer reads them from {@code
 * SHARDWISE_DETECT_*} variables and names the variable when one is invalid).
 *
 * @param warmupWindows windows a new key (device metric, device rate, page) or a new shard series
 *     is observed before it may raise an anomaly (1-1000)
 * @param evictAfter a key unseen for this long is dropped from the state (at least 1 minute)
 * @param threshold robust z-score (observed minus expected, in standard deviations) above which a
 *     per-key detector reports (3-50)
 * @param minRatio a rate anomaly (page views, device events) must also change the rate by this
 *     factor: observed at least {@code minRatio} times expected (spike, burst) or at most {@code
 *     1/minRatio} of it (drop) (1-100)
 * @param rcfThreshold RCF anomaly score above which a shard series point is reported (0.5-10)
 * @param maxKeys most devices, and most pages, a shard's state keeps (100-1,000,000): beyond it the
 *     keys seen longest ago are dropped (and warm up again if they come back), so the state stays
 *     within its budget whatever the traffic
 */
public record DetectorSettings(
    int warmupWindows,
    Duration evictAfter,
    double threshold,
    double minRatio,
    double rcfThreshold,
    int maxKeys) {

  public DetectorSettings {
    Objects.requireNonNull(evictAfter, "evictAfter");
    if (warmupWindows < 1 || warmupWindows > 1000) {
      throw new IllegalArgumentException("warm-up must be 1-1000 windows, was " + warmupWindows);
    }
    if (evictAfter.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("eviction time must be at least 1 minute");
    }
    if (!(threshold >= 3 && threshold <= 50)) {
      throw new IllegalArgumentException("threshold must be 3-50, was " + threshold);
    }
    if (!(minRatio >= 1 && minRatio <= 100)) {
      throw new IllegalArgumentException("minimum ratio must be 1-100, was " + minRatio);
    }
    if (!(rcfThreshold >= 0.5 && rcfThreshold <= 10)) {
      throw new IllegalArgumentException("RCF threshold must be 0.5-10, was " + rcfThreshold);
    }
    if (maxKeys < 100 || maxKeys > 1_000_000) {
      throw new IllegalArgumentException("max keys must be 100-1000000, was " + maxKeys);
    }
  }

  /**
   * The defaults: 10 windows of warm-up, eviction after 1 day, z 5, ratio 2, RCF score 1.5, 12,000
   * devices and 12,000 pages per shard.
   */
  public static DetectorSettings defaults() {
    return new DetectorSettings(10, Duration.ofDays(1), 5.0, 2.0, 1.5, 12_000);
  }
}
