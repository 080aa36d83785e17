package dev.shardwise.core.window.internal;

import java.util.Arrays;

/**
 * A dictionary of strings numbered 0, 1, 2... in first-insertion order, with an open-addressing
 * index that keeps each slot's hash beside it (a probe compares strings only when hashes match).
 * Not thread-safe.
 */
public final class StringIndex {
  private String[] byId;
  private int[] hashById;
  private int[] slotIds; // id + 1; 0 marks an empty slot
  private int[] slotHashes;
  private int mask;
  private int size;

  public StringIndex(int expected) {
    byId = new String[Math.max(4, expected)];
    hashById = new int[byId.length];
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    slotIds = new int[cap];
    slotHashes = new int[cap];
    mask = cap - 1;
  }

  public int size() {
    return size;
  }

  public String get(int id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException(id);
    }
    return byId[id];
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The id of a string, or -1. */
  public int find(String s) {
    int h = spread(s.hashCode());
    int i = h & mask;
    while (true) {
      int id = slotIds[i];
      if (id == 0) {
        return -1;
      }
      if (slotHashes[i] == h && byId[id - 1].equals(s)) {
        return id - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** The id of a string, adding it with the next id when absent. */
  public int add(String s) {
    int h = spread(s.hashCode());
    int i = h & mask;
    while (true) {
      int id = slotIds[i];
      if (id == 0) {
        break;
      }
      if (slotHashes[i] == h && byId[id - 1].equals(s)) {
        return id - 1;
      }
      i = (i + 1) & mask;
    }
    int id = size++;
    if (id == byId.length) {
      byId = Arrays.copyOf(byId, id * 2);
      hashById = Arrays.copyOf(hashById, id * 2);
    }
    byId[id] = s;
    hashById[id] = h;
    slotIds[i] = id + 1;
    slotHashes[i] = h;
    if (size * 2 > slotIds.length) {
      rehash();
    }
    return id;
  }

  /** Forgets every string; ids start again at 0. Keeps the capacity. */
  public void clear() {
    if (size == 0) {
      return;
    }
    Arrays.fill(byId, 0, size, null);
    Arrays.fill(slotIds, 0);
    size = 0;
  }

  private void rehash() {
    slotIds = new int[slotIds.length * 2];
    slotHashes = new int[slotIds.length];
    mask = slotIds.length - 1;
    for (int id = 0; id < size; id++) {
      int h = hashById[id];
      int i = h & mask;
      while (slotIds[i] != 0) {
        i = (i + 1) & mask;
      }
      slotIds[i] = id + 1;
      slotHashes[i] = h;
    }
  }
}
