package dev.shardwise.local.s3.internal;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A fixed set of read-write locks, one chosen per name by hash. Writers of one key exclude each
 * other and its readers; keys that share a stripe merely wait a little longer.
 */
public final class StripedLocks {
  private final ReadWriteLock[] stripes;

  public StripedLocks(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two, was " + stripes);
    }
    this.stripes = new ReadWriteLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantReadWriteLock();
    }
  }

  public ReadWriteLock lockFor(String bucket, String key) {
    int h = bucket.hashCode() * 31 + key.hashCode();
    h ^= h >>> 16;
    return stripes[h & (stripes.length - 1)];
  }
}
