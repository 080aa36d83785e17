package dev.shardwise.core.detect.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** Keeps a keyed state within a number of keys, deterministically. */
public final class KeyCap {
  private KeyCap() {}

  /**
   * Removes the keys seen longest ago (ties: the greater key first) until at most {@code max}
   * remain.
   *
   * @return how many were removed
   */
  public static <E> int cap(TreeMap<String, E> keys, int max, ToLongFunction<E> lastSeen) {
    int excess = keys.size() - max;
    if (excess <= 0) {
      return 0;
    }
    List<Map.Entry<String, E>> entries = new ArrayList<>(keys.entrySet());
    entries.sort(
        (a, b) -> {
          int c =
              Long.compare(lastSeen.applyAsLong(a.getValue()), lastSeen.applyAsLong(b.getValue()));
          return c != 0 ? c : b.getKey().compareTo(a.getKey());
        });
    for (int i = 0; i < excess; i++) {
      keys.remove(entries.get(i).getKey());
    }
    return excess;
  }
}
