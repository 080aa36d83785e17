package dev.shardwise.core.detect;

import dev.shardwise.core.detect.internal.KeyCap;
import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.detect.internal.PageEntry;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.WindowSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-page views per window on the shard's share of traffic, against a baseline that follows the
 * daily cycle: each page keeps its EWMA <em>share</em> of the shard's views, and the expected views
 * of a page in a window are its share of the views of <em>all other pages</em> in that window
 * ({@code share × others / (1 − share)}). The daily cycle (and any site-wide swing) moves every
 * page together, so it cancels out, whatever the period; the page's own anomaly does not leak into
 * its expectation. The spread is the Poisson one times an EWMA dispersion index (at least 1).
 *
 * <ul>
 *   <li>{@code page_spike}: views at least {@code minRatio} times the expected and {@code
 *       threshold} standard deviations above;
 *   <li>{@code page_drop}: views at most {@code 1/minRatio} of the expected and {@code threshold}
 *       standard deviations below (so only pages with enough traffic can drop).
 * </ul>
 *
 * Misses what moves all pages of the shard at once (the per-shard RCF sees that) and anomalies of
 * pages too rare on this shard for a significant count. Late minutes are ignored; only full windows
 * are judged.
 */
public final class PageDetector implements WindowDetector {
  static final double SHARE_ALPHA = 0.1;
  static final double VAR_BETA = 0.05;
  static final long MIN_TOTAL_VIEWS = 20;
  static final int SPIKE_MIN_VIEWS = 10;
  private static final int CAP = 1_000_000;

  private final DetectorSettings settings;

  public PageDetector(DetectorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public java.util.Set<String> kinds() {
    return java.util.Set.of("page_spike", "page_drop");
  }

  @Override
  public String name() {
    return "page";
  }

  @Override
  public Detection detect(WindowSummary window, byte[] state) {
    KeyedStateCodec.Pages loaded =
        state == null
            ? new KeyedStateCodec.Pages(Long.MIN_VALUE, new TreeMap<>())
            : KeyedStateCodec.decodePages(state);
    TreeMap<String, PageEntry> pages = loaded.entries();
    long w = window.windowStart().getEpochSecond();
    boolean fullWindow = window.closeReason() == CloseReason.WINDOW_END && w != loaded.lastWindow();
    Map<String, Long> views = new HashMap<>();
    long total = 0;
    for (PageMinute m : window.pageMinutes()) {
      if (!m.late() && m.views() > 0) {
        views.merge(m.page(), m.views(), Long::sum);
        total += m.views();
      }
    }
    List<Anomaly> out = new ArrayList<>();
    if (fullWindow && total >= MIN_TOTAL_VIEWS) {
      long horizon = settings.evictAfter().toSeconds();
      pages
          .entrySet()
          .removeIf(e -> !views.containsKey(e.getKey()) && w - e.getValue().lastSeen > horizon);
      for (Map.Entry<String, PageEntry> e : pages.entrySet()) {
        judge(e.getKey(), e.getValue(), views.getOrDefault(e.getKey(), 0L), total, w, out);
      }
      for (Map.Entry<String, Long> v : views.entrySet()) {
        if (!pages.containsKey(v.getKey())) {
          PageEntry p = new PageEntry();
          p.lastSeen = w;
          p.windows = 1;
          p.share = (float) ((double) v.getValue() / total);
          p.dispersion = 1;
          pages.put(v.getKey(), p);
        }
      }
    } else {
      for (String page : views.keySet()) {
        PageEntry p = pages.get(page);
        if (p != null) {
          p.lastSeen = Math.max(p.lastSeen, w);
        }
      }
    }
    KeyCap.cap(pages, settings.maxKeys(), e -> e.lastSeen);
    long last = Math.max(w, loaded.lastWindow());
    return new Detection(out, KeyedStateCodec.encodePages(last, pages));
  }

  /**
   * A child shard keeps its parents' page shares (a share is scale-free: halving the shard's
   * traffic keeps it); of two parents (a merge), the average share.
   */
  @Override
  public byte[] inherit(List<byte[]> parentStates) {
    TreeMap<String, PageEntry> merged = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    long last = Long.MIN_VALUE;
    int parents = 0;
    for (byte[] s : parentStates) {
      if (s == null) {
        continue;
      }
      parents++;
      KeyedStateCodec.Pages p = KeyedStateCodec.decodePages(s);
      last = Math.max(last, p.lastWindow());
      for (Map.Entry<String, PageEntry> e : p.entries().entrySet()) {
        counts.merge(e.getKey(), 1, Integer::sum);
        merged.merge(
            e.getKey(),
            e.getValue().copy(),
            (a, b) -> {
              a.share += b.share;
              a.dispersion = Math.max(a.dispersion, b.dispersion);
              a.windows = Math.min(a.windows, b.windows);
              a.lastSeen = Math.max(a.lastSeen, b.lastSeen);
              return a;
            });
      }
    }
    if (parents == 0) {
      return null;
    }
    int n = parents;
    merged.values().forEach(p -> p.share /= n);
    return KeyedStateCodec.encodePages(last, merged);
  }

  private void judge(String page, PageEntry p, long x, long total, long w, List<Anomaly> out) {
    double s = p.share;
    double others = total - x;
    double expected = s < 0.9 ? s * others / (1 - s) : s * total;
    double sd = Math.sqrt(Math.max(expected, 1.0) * Math.max(1.0, p.dispersion));
    double z = (x - expected) / sd;
    boolean warm = p.windows >= settings.warmupWindows();
    double t = settings.threshold();
    boolean anomalous = false;
    if (warm && x >= SPIKE_MIN_VIEWS && x >= settings.minRatio() * expected && z >= t) {
      out.add(anomaly("page_spike", page, x, expected, sd, z));
      anomalous = true;
    } else if (warm && x * settings.minRatio() <= expected && -z >= t) {
      out.add(anomaly("page_drop", page, x, expected, sd, -z));
      anomalous = true;
    }
    if (x > 0) {
      p.lastSeen = w;
    }
    double clipped = Math.max(expected - 3 * sd, Math.min(expected + 3 * sd, x));
    double observedShare = clipped / Math.max(1.0, others + clipped);
    double alpha = Math.max(SHARE_ALPHA, 1.0 / (p.windows + 1));
    p.share = (float) (s + alpha * (observedShare - s));
    if (!anomalous) {
      double d = (x - expected) * (x - expected) / Math.max(expected, 1.0);
      double beta = Math.max(VAR_BETA, 1.0 / (p.windows + 1));
      p.dispersion =
          (float)
              Math.max(1.0, p.dispersion + beta * (Math.min(d, 9 * p.dispersion) - p.dispersion));
    }
    p.windows = Math.min(CAP, p.windows + 1);
  }

  private Anomaly anomaly(
      String kind, String page, double x, double expected, double sd, double score) {
    double t = settings.threshold();
    return new Anomaly(
        kind,
        KeyType.PAGE,
        page,
        "views",
        x,
        expected,
        Math.max(0, expected - t * sd),
        expected + t * sd,
        score,
        t,
        score >= 2 * t ? Severity.CRITICAL : Severity.WARNING);
  }
}
