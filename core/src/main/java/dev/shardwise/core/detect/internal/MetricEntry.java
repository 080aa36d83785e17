package dev.shardwise.core.detect.internal;

/** The state of one telemetry metric of one device. */
public final class MetricEntry {
  public final String name;

  /** Windows with readings, capped. */
  public int windows;

  /** Robust EWMA of the window means: the expected level. */
  public double level;

  /**
   * Trend of the level per window with readings (Holt's linear method): a steady drift is learned.
   */
  public float slope;

  /** EWMA of the squared (clipped) deviation of a window mean from the predicted level. */
  public float meanVar;

  /** EWMA of the within-window variance of single readings (clipped). */
  public float readVar;

  /** One-sided CUSUMs of standardised residuals (drift). */
  public float cusumUp;

  public float cusumDown;

  public MetricEntry(String name) {
    this.name = name;
  }

  MetricEntry copy() {
    MetricEntry m = new MetricEntry(name);
    m.windows = windows;
    m.level = level;
    m.slope = slope;
    m.meanVar = meanVar;
    m.readVar = readVar;
    m.cusumUp = cusumUp;
    m.cusumDown = cusumDown;
    return m;
  }
}
