package dev.shardwise.local.kinesis.internal;

import java.math.BigInteger;

/**
 * Shards' hash-key ranges: shards own contiguous ranges of [0, 2^128). Routing a record to its hash
 * key is {@link dev.shardwise.core.kinesis.HashKeys}.
 */
public final class HashRanges {
  /** 2^128: one past the largest hash key. */
  public static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

  private HashRanges() {}

  /**
   * The starting hash key of shard {@code i} of {@code n} equal shards, as AWS assigns them:
   * floor(2^128 * i / n).
   */
  public static BigInteger uniformStart(int i, int n) {
    if (n < 1 || i < 0 || i > n) {
      throw new IllegalArgumentException("shard " + i + " of " + n);
    }
    return SPACE.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n));
  }

  /** The ending (inclusive) hash key of shard {@code i} of {@code n} equal shards. */
  public static BigInteger uniformEnd(int i, int n) {
    return uniformStart(i + 1, n).subtract(BigInteger.ONE);
  }
}
