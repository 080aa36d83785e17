package dev.shardwise.core.window.internal;

import java.util.Arrays;

/**
 * A dictionary of strings numbered 0, 1, 2... in first-insertion order, with an open-addressing
 * index. Not thread-safe.
 */
public final class StringIndex {
  private String[] byId;
  private String[] slots;
  private int[] slotIds;
  private int mask;
  private int size;

  public StringIndex(int expected) {
    byId = new String[Math.max(4, expected)];
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    slots = new String[cap];
    slotIds = new int[cap];
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

  /** The id of a string, or -1. */
  public int find(String s) {
    int i = spread(s.hashCode()) & mask;
    while (true) {
      String k = slots[i];
      if (k == null) {
        return -1;
      }
      if (k.equals(s)) {
        return slotIds[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** The id of a string, adding it with the next id when absent. */
  public int add(String s) {
    int i = spread(s.hashCode()) & mask;
    while (true) {
      String k = slots[i];
      if (k == null) {
        break;
      }
      if (k.equals(s)) {
        return slotIds[i];
      }
      i = (i + 1) & mask;
    }
    int id = size++;
    if (id == byId.length) {
      byId = Arrays.copyOf(byId, id * 2);
    }
    byId[id] = s;
    slots[i] = s;
    slotIds[i] = id;
    if (size * 2 > slots.length) {
      rehash();
    }
    return id;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x45D9F3B;
  }

  private void rehash() {
    slots = new String[slots.length * 2];
    slotIds = new int[slots.length];
    mask = slots.length - 1;
    for (int id = 0; id < size; id++) {
      int i = spread(byId[id].hashCode()) & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      slots[i] = byId[id];
      slotIds[i] = id;
    }
  }
}
