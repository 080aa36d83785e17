package dev.shardwise.core.detect;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;
import dev.shardwise.core.detect.internal.RcfStateCodec;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shard's aggregate series, one point per full window: total views, reject rate (rejects per
 * user record) and mean event age (seconds from a view's event minute to the window end, weighted
 * by views). Each feature is standardised by its EWMA mean and standard deviation; a Random Cut
 * Forest (20 trees, sample size 64, shingle of 4 windows, seeded, so deterministic) scores the
 * shingle before learning it. {@code shard_series_anomaly} when the score crosses {@code
 * rcfThreshold}, naming the feature furthest from its mean.
 *
 * <p>Few series (one per shard), so the costlier, multivariate, shape-aware method fits here. A new
 * shard (also a child after a reshard: its series is a different series) warms up for {@code
 * max(warmupWindows, 32)} windows.
 */
public final class ShardSeriesDetector implements WindowDetector {
  static final String[] FEATURES = {"views", "reject_rate", "event_age_seconds"};
  static final int SHINGLE = 4;
  static final int TREES = 20;
  static final int SAMPLE = 64;
  static final int MIN_WARMUP = 32;
  static final double ALPHA = 0.05;

  private final DetectorSettings settings;

  public ShardSeriesDetector(DetectorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public java.util.Set<String> kinds() {
    return java.util.Set.of("shard_series_anomaly");
  }

  @Override
  public String name() {
    return "shard-rcf";
  }

  @Override
  public Detection detect(WindowSummary window, byte[] state) {
    RcfStateCodec.Series s =
        state == null
            ? new RcfStateCodec.Series(
                Long.MIN_VALUE, 0, new double[FEATURES.length], new double[FEATURES.length], null)
            : RcfStateCodec.decode(state);
    long w = window.windowStart().getEpochSecond();
    if (window.closeReason() != CloseReason.WINDOW_END || w == s.lastWindow()) {
      return new Detection(List.of(), state);
    }
    double[] x = features(window);
    double[] mean = s.mean().clone();
    double[] var = s.var().clone();
    int windows = s.windows();
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double sd = Math.sqrt(Math.max(var[i], floor(mean[i])));
      z[i] = windows == 0 ? 0 : Math.max(-10, Math.min(10, (x[i] - mean[i]) / sd));
    }
    RandomCutForest forest = s.forest() == null ? newForest() : s.forest();
    List<Anomaly> out = new ArrayList<>();
    boolean warm = windows >= Math.max(settings.warmupWindows(), MIN_WARMUP);
    double score = forest.isOutputReady() ? forest.getAnomalyScore(z) : 0;
    if (warm && score >= settings.rcfThreshold()) {
      int worst = 0;
      for (int i = 1; i < z.length; i++) {
        if (Math.abs(z[i]) > Math.abs(z[worst])) {
          worst = i;
        }
      }
      double sd = Math.sqrt(Math.max(var[worst], floor(mean[worst])));
      out.add(
          new Anomaly(
              "shard_series_anomaly",
              KeyType.SHARD,
              window.shardId(),
              FEATURES[worst],
              x[worst],
              mean[worst],
              mean[worst] - 3 * sd,
              mean[worst] + 3 * sd,
              score,
              settings.rcfThreshold(),
              score >= 2 * settings.rcfThreshold() ? Severity.CRITICAL : Severity.WARNING));
    }
    forest.update(z);
    double alpha = Math.max(ALPHA, 1.0 / (windows + 1));
    for (int i = 0; i < x.length; i++) {
      if (windows == 0) {
        mean[i] = x[i];
        var[i] = 0;
      } else {
        double sd = Math.sqrt(Math.max(var[i], floor(mean[i])));
        double r = Math.max(-4 * sd, Math.min(4 * sd, x[i] - mean[i]));
        mean[i] += alpha * r;
        var[i] += alpha * (r * r - var[i]);
      }
    }
    return new Detection(
        out,
        RcfStateCodec.encode(
            new RcfStateCodec.Series(w, Math.min(1_000_000, windows + 1), mean, var, forest)));
  }

  static double[] features(WindowSummary window) {
    WindowTotals t = window.totals();
    double rejectRate = t.userRecords() == 0 ? 0 : (double) t.rejects() / t.userRecords();
    double ageSum = 0;
    long views = 0;
    long endMillis = window.windowEnd().toEpochMilli();
    for (PageMinute m : window.pageMinutes()) {
      ageSum += m.views() * Math.max(0, (endMillis - m.minute().toEpochMilli() - 30_000) / 1000.0);
      views += m.views();
    }
    return new double[] {t.views(), rejectRate, views == 0 ? 0 : ageSum / views};
  }

  private static double floor(double mean) {
    double s = Math.max(0.01 * Math.abs(mean), 1e-3);
    return s * s;
  }

  private static RandomCutForest newForest() {
    return RandomCutForest.builder()
        .dimensions(FEATURES.length * SHINGLE)
        .shingleSize(SHINGLE)
        .internalShinglingEnabled(true)
        .numberOfTrees(TREES)
        .sampleSize(SAMPLE)
        .precision(Precision.FLOAT_32)
        .randomSeed(42)
        .build();
  }
}
