package dev.shardwise.core.window;

/**
 * Moments of one telemetry metric of one device within a window segment: what per-device detectors
 * need (mean, variance, range) without keeping the values.
 */
public record MetricStats(long count, double sum, double sumOfSquares, double min, double max) {

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Population variance, never negative. */
  public double variance() {
    if (count == 0) {
      return Double.NaN;
    }
    double m = mean();
    return Math.max(0.0, sumOfSquares / count - m * m);
  }
}
