package dev.shardwise.producer.internal;

import java.util.Arrays;

/**
 * Partition key to lane, so that a key's MD5 and shard lookup run once while its lane stays the
 * same: an open-addressing table with each key beside its lane (one cache line per hit), compared
 * by identity first (the same device id string usually comes back), then by content. The key's
 * {@code hashCode} may be given by the caller ({@link PendingRecord#keyHash}, computed on the
 * publishing thread), so that a hit by identity does not read the key string at all: on the I/O
 * thread the string is usually in another core's cache. Bounded: when it holds {@code limit} keys
 * it starts over. Used by one thread.
 */
final class LaneCache {
  private final int limit;
  private Object[] table; // key at 2i, lane at 2i + 1
  private int mask; // of slots
  private int size;

  LaneCache(int limit) {
    this.limit = limit;
    this.table = new Object[2 * 1024];
    this.mask = 1023;
  }

  /** The lane cached for {@code key}, or {@code null}. */
  Lane get(String key) {
    return get(key, key.hashCode());
  }

  /** The lane cached for {@code key}, whose {@code hashCode} is {@code hash}, or {@code null}. */
  Lane get(String key, int hash) {
    Object[] t = table;
    int i = spread(hash) & mask;
    while (true) {
      Object k = t[2 * i];
      if (k == key) {
        return (Lane) t[2 * i + 1];
      }
      if (k == null) {
        return null;
      }
      if (key.equals(k)) {
        return (Lane) t[2 * i + 1];
      }
      i = (i + 1) & mask;
    }
  }

  /** Caches {@code lane} for {@code key}, which is not cached. */
  void put(String key, Lane lane) {
    put(key, key.hashCode(), lane);
  }

  /** Caches {@code lane} for {@code key}, whose {@code hashCode} is {@code hash}, not cached. */
  void put(String key, int hash, Lane lane) {
    if (size >= limit) {
      clear();
    }
    if (2 * (size + 1) > mask + 1) {
      grow();
    }
    insert(table, mask, key, hash, lane);
    size++;
  }

  void clear() {
    Arrays.fill(table, null);
    size = 0;
  }

  private void grow() {
    Object[] old = table;
    int newMask = 2 * (mask + 1) - 1;
    Object[] t = new Object[2 * (newMask + 1)];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != null) {
        insert(t, newMask, old[i], old[i].hashCode(), old[i + 1]);
      }
    }
    table = t;
    mask = newMask;
  }

  private static void insert(Object[] t, int mask, Object key, int hash, Object lane) {
    int i = spread(hash) & mask;
    while (t[2 * i] != null) {
      i = (i + 1) & mask;
    }
    t[2 * i] = key;
    t[2 * i + 1] = lane;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
