package dev.shardwise.bench;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Precomputed benchmark inputs: realistic {@code page_view} events of about 250 bytes, pages drawn
 * from a Zipf distribution (a few hot pages, a long tail), encoded once in setup.
 */
final class PageViewInputs {

  /** The arrival time the inputs are decoded against; every event is within a minute of it. */
  static final Instant ARRIVAL = Instant.parse("2026-11-21T12:00:00Z");

  private static final String[] COUNTRIES = {"DE", "US", "FR", "GB", "JP", "BR", "IN", "NL", "SE"};
  private static final String[] SECTIONS = {"products", "blog", "docs", "search", "account"};

  private PageViewInputs() {}

  /** {@code count} encoded page views (count a power of two, for index masking). */
  static byte[][] pageViews(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Zipf pages = new Zipf(2000, 1.1);
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      int page = pages.sample(r);
      Event e =
          new Event(
              String.format("%016x-%08x", r.nextLong(), i),
              EventType.PAGE_VIEW,
              ARRIVAL.minusMillis(r.nextInt(60_000)),
              "device-" + hex(r, 12),
              "s-" + hex(r, 10),
              "/"
                  + SECTIONS[page % SECTIONS.length]
                  + "/item-"
                  + page
                  + (page % 3 == 0 ? "/reviews" : ""),
              r.nextInt(3) == 0 ? null : "https://www.search.example/results?q=item+" + page,
              COUNTRIES[r.nextInt(COUNTRIES.length)],
              50 + r.nextInt(3000),
              null);
      out[i] = EventEncoder.encode(e);
    }
    return out;
  }

  static double averageSize(byte[][] inputs) {
    long total = 0;
    for (byte[] b : inputs) {
      total += b.length;
    }
    return (double) total / inputs.length;
  }

  private static String hex(SplittableRandom r, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** Zipf(n, s) over ranks 1..n by inverse transform on the cumulative weights. */
  static final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double s) {
      cumulative = new double[n];
      double sum = 0;
      for (int k = 1; k <= n; k++) {
        sum += 1 / Math.pow(k, s);
        cumulative[k - 1] = sum;
      }
      for (int k = 0; k < n; k++) {
        cumulative[k] /= sum;
      }
    }

    int sample(SplittableRandom r) {
      double u = r.nextDouble();
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo + 1;
    }
  }
}
