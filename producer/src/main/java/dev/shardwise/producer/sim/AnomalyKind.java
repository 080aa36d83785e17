package dev.shardwise.producer.sim;

import java.util.Locale;

/** The anomalies the simulator injects. */
public enum AnomalyKind {
  /** A page gets several times its expected views for a few minutes. */
  PAGE_SPIKE,
  /** A popular page loses most of its views for a few minutes. */
  PAGE_DROP,
  /** One reading of one device metric far outside its noise. */
  DEVICE_OUTLIER,
  /** A device metric jumps to a new level and stays there until the end of the run. */
  DEVICE_LEVEL_SHIFT,
  /** A device sends many times its normal event rate for a minute. */
  DEVICE_BURST;

  /** {@code page_spike}, as in the truth file and on the command line. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AnomalyKind fromCode(String code) {
    for (AnomalyKind k : values()) {
      if (k.code().equals(code)) {
        return k;
      }
    }
    return null;
  }
}
