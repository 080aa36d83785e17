package dev.shardwise.cli.eval;

import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.AnomalyLabel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches detections to labels and scores them.
 *
 * <p>A detection <em>matches</em> a label when it names the label's key and metric and falls in the
 * label's windows: from the window of its start to one window after the window of its end (a level
 * shift, which lasts to the end of the run, to two windows after its start). A label is detected
 * when some detection matches it; its delay is the first match's window minus its start window. A
 * detection matching no label is a false alarm, counted under the label kind its own kind stands
 * for ({@code device_drift}, {@code device_silence} and {@code shard_series_anomaly} stand for
 * none: "other").
 */
public final class Scoring {
  private Scoring() {}

  /** Counts for one anomaly kind, summed over datasets. */
  public static final class Tally {
    public int labels;
    public int detected;
    public int truePositives;
    public int falsePositives;
    public final List<Integer> delays = new ArrayList<>();

    /** Missed labels and false alarms, one line each (for {@code --verbose}). */
    public final List<String> notes = new ArrayList<>();

    public double precision() {
      int n = truePositives + falsePositives;
      return n == 0 ? Double.NaN : (double) truePositives / n;
    }

    public double recall() {
      return labels == 0 ? Double.NaN : (double) detected / labels;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 || Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 2 * p * r / (p + r);
    }

    public double delayQuantile(double q) {
      if (delays.isEmpty()) {
        return Double.NaN;
      }
      List<Integer> s = new ArrayList<>(delays);
      s.sort(null);
      int i = (int) Math.ceil(q * s.size()) - 1;
      return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }
  }

  /** The label kind a detection kind stands for, or null. */
  public static AnomalyKind standsFor(String detectionKind) {
    return switch (detectionKind) {
      case "page_spike" -> AnomalyKind.PAGE_SPIKE;
      case "page_drop" -> AnomalyKind.PAGE_DROP;
      case "device_outlier" -> AnomalyKind.DEVICE_OUTLIER;
      case "device_level_shift" -> AnomalyKind.DEVICE_LEVEL_SHIFT;
      case "device_burst" -> AnomalyKind.DEVICE_BURST;
      default -> null;
    };
  }

  static int windowOf(DatasetRun.Result r, java.time.Instant t) {
    return r.windowOf(t);
  }

  static int firstWindow(DatasetRun.Result r, AnomalyLabel l) {
    return windowOf(r, l.start());
  }

  static int lastWindow(DatasetRun.Result r, AnomalyLabel l) {
    if (l.kind() == AnomalyKind.DEVICE_LEVEL_SHIFT) {
      return firstWindow(r, l) + 2;
    }
    return windowOf(r, l.end().minusMillis(1)) + 1;
  }

  /** Whether {@code d} matches {@code l} in run {@code r}'s windows. */
  public static boolean matches(DatasetRun.Result r, AnomalyLabel l, Detection d) {
    return l.key().equals(d.key())
        && l.metric().equals(d.metric())
        && d.window() >= firstWindow(r, l)
        && d.window() <= lastWindow(r, l);
  }

  /**
   * Adds one dataset's labels and detections to the tallies; {@code other} collects the false
   * alarms of detection kinds that stand for no label kind.
   */
  public static void tally(DatasetRun.Result r, Map<AnomalyKind, Tally> tallies, Tally other) {
    for (AnomalyLabel l : r.labels()) {
      Tally t = tallies.computeIfAbsent(l.kind(), k -> new Tally());
      t.labels++;
      int first = Integer.MAX_VALUE;
      for (Detection d : r.detections()) {
        if (matches(r, l, d)) {
          first = Math.min(first, d.window());
        }
      }
      if (first != Integer.MAX_VALUE) {
        t.detected++;
        t.delays.add(first - firstWindow(r, l));
      } else {
        t.notes.add(
            "missed seed "
                + r.config().seed()
                + " "
                + l.id()
                + " "
                + l.kind().code()
                + " "
                + l.key()
                + " "
                + l.metric()
                + " x"
                + l.magnitude()
                + " window "
                + firstWindow(r, l));
      }
    }
    for (Detection d : r.detections()) {
      AnomalyLabel match = null;
      for (AnomalyLabel l : r.labels()) {
        if (matches(r, l, d)) {
          match = l;
          break;
        }
      }
      if (match != null) {
        tallies.computeIfAbsent(match.kind(), k -> new Tally()).truePositives++;
      } else {
        AnomalyKind k = standsFor(d.kind());
        Tally t = k == null ? other : tallies.computeIfAbsent(k, x -> new Tally());
        t.falsePositives++;
        t.notes.add("false alarm seed " + r.config().seed() + " " + d);
      }
    }
  }

  /** False alarms per detection kind on an anomaly-free dataset. */
  public static Map<String, Integer> falseAlarms(DatasetRun.Result r) {
    Map<String, Integer> out = new HashMap<>();
    for (Detection d : r.detections()) {
      out.merge(d.kind(), 1, Integer::sum);
    }
    return out;
  }

  /** Empty tallies, one per kind, in enum order. */
  public static Map<AnomalyKind, Tally> tallies() {
    Map<AnomalyKind, Tally> m = new EnumMap<>(AnomalyKind.class);
    for (AnomalyKind k : AnomalyKind.values()) {
      m.put(k, new Tally());
    }
    return m;
  }
}
