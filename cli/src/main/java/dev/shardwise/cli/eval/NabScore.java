package dev.shardwise.cli.eval;

import dev.shardwise.producer.sim.AnomalyLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark score, standard profile (A_TP 1.0, A_FP −0.11, A_FN −1.0; NAB's
 * {@code Sweeper}), over the simulator's series: one series per key (device metric, device events,
 * page views) that has a label or a detection. As in NAB, each label gets a window of 10 % of the
 * series' length divided by its number of labels, centred on the label's start; the first detection
 * in a window scores {@code A_TP × σ(y)} with {@code σ(y) = 2/(1 + e^{5y}) − 1} and y the
 * detection's position relative to the window's end (−1 at its start); further detections in the
 * window count nothing; a window without one scores A_FN; a detection outside every window scores
 * {@code A_FP × σ(y)} with y its distance after the previous window's end in window lengths (−1,
 * the full penalty, when no window precedes it). Normalised: {@code 100 × (S − S_null) / (S_perfect
 * − S_null)}, where the null detector reports nothing and the perfect one reports each label at its
 * window's start.
 */
public final class NabScore {
  static final double A_TP = 1.0;
  static final double A_FP = -0.11;
  static final double A_FN = -1.0;

  private double raw;
  private double perfect;
  private double nul;

  static double sigma(double y) {
    return 2 / (1 + Math.exp(5 * y)) - 1;
  }

  /** Adds one dataset. */
  public void add(DatasetRun.Result r) {
    Map<String, List<AnomalyLabel>> labels = new HashMap<>();
    for (AnomalyLabel l : r.labels()) {
      labels.computeIfAbsent(l.key() + "\u0000" + l.metric(), k -> new ArrayList<>()).add(l);
    }
    Map<String, List<Detection>> detections = new HashMap<>();
    for (Detection d : r.detections()) {
      detections.computeIfAbsent(d.key() + "\u0000" + d.metric(), k -> new ArrayList<>()).add(d);
    }
    java.util.Set<String> keys = new java.util.HashSet<>(labels.keySet());
    keys.addAll(detections.keySet());
    int length = r.windows();
    for (String key : keys) {
      List<AnomalyLabel> ls = labels.getOrDefault(key, List.of());
      List<Detection> ds = new ArrayList<>(detections.getOrDefault(key, List.of()));
      ds.sort((a, b) -> Integer.compare(a.window(), b.window()));
      double width = ls.isEmpty() ? 0 : Math.max(1.0, 0.1 * length / ls.size());
      double[][] windows = new double[ls.size()][];
      for (int i = 0; i < ls.size(); i++) {
        double c = Scoring.firstWindow(r, ls.get(i));
        windows[i] = new double[] {c - width / 2, c + width / 2};
      }
      boolean[] hit = new boolean[ls.size()];
      for (Detection d : ds) {
        int in = -1;
        double prevEnd = Double.NaN;
        for (int i = 0; i < windows.length; i++) {
          if (d.window() >= windows[i][0] && d.window() <= windows[i][1]) {
            in = i;
          } else if (windows[i][1] < d.window()
              && (Double.isNaN(prevEnd) || windows[i][1] > prevEnd)) {
            prevEnd = windows[i][1];
          }
        }
        if (in >= 0) {
          if (!hit[in]) {
            hit[in] = true;
            double y = (d.window() - windows[in][1]) / width;
            raw += A_TP * sigma(y);
          }
        } else {
          // sigma is negative past a window; with no window before it, the full penalty
          double unweighted = Double.isNaN(prevEnd) ? -1 : sigma((d.window() - prevEnd) / width);
          raw += -A_FP * unweighted;
        }
      }
      for (int i = 0; i < ls.size(); i++) {
        if (!hit[i]) {
          raw += A_FN;
        }
        perfect += A_TP * sigma(-1);
        nul += A_FN;
      }
    }
  }

  /** The normalised score (100 perfect, 0 the null detector). */
  public double score() {
    return perfect == nul ? Double.NaN : 100 * (raw - nul) / (perfect - nul);
  }
}
