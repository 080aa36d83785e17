package dev.shardwise.athena;

/**
 * What a query costs on Athena: $5.00 per TB scanned, each query billed for at least 10 MB and
 * rounded up to the next MB (MB = 2^20 bytes, TB = 2^40 bytes). DDL statements and failed queries
 * are not billed; that is for the caller to decide.
 */
public final class AthenaCost {
  /** US dollars per TB scanned. */
  public static final double USD_PER_TB = 5.0;

  private static final long MB = 1L << 20;
  private static final long MINIMUM_BYTES = 10 * MB;
  private static final double TB = Math.pow(2, 40);

  private AthenaCost() {}

  /** Bytes billed for a query that scanned {@code scannedBytes}. */
  public static long billedBytes(long scannedBytes) {
    if (scannedBytes < 0) {
      throw new IllegalArgumentException("scannedBytes must be >= 0, was " + scannedBytes);
    }
    long roundedUp = (scannedBytes + MB - 1) / MB * MB;
    return Math.max(MINIMUM_BYTES, roundedUp);
  }

  /** Estimated cost in US dollars. */
  public static double usd(long scannedBytes) {
    return billedBytes(scannedBytes) / TB * USD_PER_TB;
  }

  /** Bytes in a human unit: {@code 0 B}, {@code 12.3 KB}, {@code 4.56 MB}, {@code 1.20 GB}. */
  public static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
  }
}
