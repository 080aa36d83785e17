package dev.shardwise.core.window.internal;

import java.util.Arrays;

/**
 * Open-addressing map from any {@code long} key to a non-negative {@code int} value (linear
 * probing, power-of-two table, load factor 1/2). Not thread-safe.
 */
public final class LongIntHashMap {
  private long[] keys;
  private int[] values; // value + 1; 0 marks an empty slot
  private int mask;
  private int size;

  public LongIntHashMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
  }

  public int size() {
    return size;
  }

  static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** The value for a key, or -1. */
  public int get(long key) {
    int i = slot(key, mask);
    while (true) {
      int v = values[i];
      if (v == 0) {
        return -1;
      }
      if (keys[i] == key) {
        return v - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** The value for the key if present; otherwise stores {@code value} and returns -1. */
  public int putIfAbsent(long key, int value) {
    int i = slot(key, mask);
    while (true) {
      int v = values[i];
      if (v == 0) {
        keys[i] = key;
        values[i] = value + 1;
        if (++size * 2 > keys.length) {
          grow();
        }
        return -1;
      }
      if (keys[i] == key) {
        return v - 1;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldValues.length * 2];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != 0) {
        int i = slot(oldKeys[j], mask);
        while (values[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** Calls {@code action} with every key, in table order. */
  public void forEachKey(java.util.function.LongConsumer action) {
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != 0) {
        action.accept(keys[i]);
      }
    }
  }

  public void clear() {
    Arrays.fill(values, 0);
    size = 0;
  }
}
