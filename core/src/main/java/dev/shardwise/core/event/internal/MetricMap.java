package dev.shardwise.core.event.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable map behind {@code Event.metrics()}: names sorted (so iteration, and with it the
 * encoded JSON, does not depend on how the map was built), values unboxed. Equality and hash code
 * follow {@link Map}, so it equals any map with the same entries; values compare with {@link
 * Double#equals}, which tells {@code -0.0} from {@code 0.0}.
 */
public final class MetricMap extends AbstractMap<String, Double> {

  private static final MetricMap EMPTY = new MetricMap(new String[0], new double[0]);

  private final String[] names;
  private final double[] values;

  private MetricMap(String[] names, double[] values) {
    this.names = names;
    this.values = values;
  }

  /** An immutable, name-ordered copy of {@code metrics}; {@code null} gives the empty map. */
  public static Map<String, Double> copyOf(Map<String, Double> metrics) {
    if (metrics instanceof MetricMap m) {
      return m;
    }
    if (metrics == null || metrics.isEmpty()) {
      return EMPTY;
    }
    int n = metrics.size();
    String[] names = new String[n];
    int i = 0;
    for (String name : metrics.keySet()) {
      names[i++] = Objects.requireNonNull(name, "metric name");
    }
    Arrays.sort(names);
    double[] values = new double[n];
    for (i = 0; i < n; i++) {
      values[i] = Objects.requireNonNull(metrics.get(names[i]), "metric value");
    }
    return new MetricMap(names, values);
  }

  /**
   * Wraps arrays that the caller has sorted by name, without duplicates, and will not touch again.
   * Copies the first {@code count} entries.
   */
  static MetricMap ofSorted(String[] sortedNames, double[] values, int count) {
    return count == 0
        ? EMPTY
        : new MetricMap(Arrays.copyOf(sortedNames, count), Arrays.copyOf(values, count));
  }

  @Override
  public int size() {
    return names.length;
  }

  /** The {@code i}-th name in name order (0 to {@code size() - 1}): iteration without boxing. */
  public String nameAt(int i) {
    return names[i];
  }

  /** The value of {@link #nameAt}{@code (i)}. */
  public double valueAt(int i) {
    return values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && Arrays.binarySearch(names, s) >= 0;
  }

  @Override
  public Double get(Object key) {
    if (!(key instanceof String s)) {
      return null;
    }
    int i = Arrays.binarySearch(names, s);
    return i >= 0 ? values[i] : null;
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, Double> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
