package dev.shardwise.core.detect;

import dev.shardwise.core.rows.AnomalyRow;
import dev.shardwise.core.window.WindowSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The detectors a consumer runs at every segment close, in registration order. Immutable and
 * thread-safe if the detectors are.
 */
public final class DetectorRegistry {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

  private final List<WindowDetector> detectors;

  private DetectorRegistry(List<WindowDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** No detectors: closes only emit page views. */
  public static DetectorRegistry none() {
    return new DetectorRegistry(List.of());
  }

  /**
   * A registry of these detectors.
   *
   * @throws IllegalArgumentException for a bad or repeated name
   */
  public static DetectorRegistry of(List<WindowDetector> detectors) {
    Set<String> seen = new HashSet<>();
    for (WindowDetector d : detectors) {
      String name = d.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("detector name must match [a-z0-9_-]{1,64}: " + name);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("two detectors are named " + name);
      }
    }
    return new DetectorRegistry(detectors);
  }

  /** Every kind of anomaly the detectors may report ({@link WindowDetector#kinds}), sorted. */
  public SortedSet<String> kinds() {
    SortedSet<String> out = new TreeSet<>();
    detectors.forEach(d -> out.addAll(d.kinds()));
    return Collections.unmodifiableSortedSet(out);
  }

  public List<String> names() {
    return detectors.stream().map(WindowDetector::name).toList();
  }

  /** The result of running every detector on one closed segment. */
  public record Outcome(List<AnomalyRow> anomalies, Map<String, byte[]> states) {
    public Outcome {
      anomalies = List.copyOf(anomalies);
      states = Map.copyOf(states);
    }
  }

  /**
   * Runs every detector on a closed segment.
   *
   * @param states the detector states persisted at the previous close; states of detectors not
   *     registered here are carried over unchanged
   */
  public Outcome run(WindowSummary window, Map<String, byte[]> states) {
    Map<String, byte[]> next = new HashMap<>(states);
    List<AnomalyRow> rows = new ArrayList<>();
    for (WindowDetector d : detectors) {
      WindowDetector.Detection det = d.detect(window, states.get(d.name()));
      if (det.state() == null) {
        next.remove(d.name());
      } else {
        next.put(d.name(), det.state());
      }
      for (Anomaly a : det.anomalies()) {
        rows.add(AnomalyRow.of(window, a));
      }
    }
    return new Outcome(rows, next);
  }

  /**
   * The detector states a child shard starts from after a reshard: per detector, {@link
   * WindowDetector#inherit} of the parents' states (a detector that returns {@code null} starts
   * cold).
   */
  public Map<String, byte[]> inherit(List<Map<String, byte[]>> parents) {
    Map<String, byte[]> out = new HashMap<>();
    for (WindowDetector d : detectors) {
      List<byte[]> states = new ArrayList<>();
      for (Map<String, byte[]> p : parents) {
        states.add(p.get(d.name()));
      }
      byte[] s = d.inherit(states);
      if (s != null) {
        out.put(d.name(), s);
      }
    }
    return out;
  }
}
