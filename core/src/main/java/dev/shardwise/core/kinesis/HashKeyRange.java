package dev.shardwise.core.kinesis;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A shard's hash-key range, both ends included, as ListShards reports it ({@code HashKeyRange}).
 *
 * @param start the starting hash key
 * @param end the ending hash key, at least {@code start}
 */
public record HashKeyRange(BigInteger start, BigInteger end) {
  /** The whole key space: a stream of one shard that was never resharded. */
  public static final HashKeyRange ALL = new HashKeyRange(HashKeys.MIN, HashKeys.MAX);

  public HashKeyRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.signum() < 0 || end.compareTo(HashKeys.MAX) > 0 || start.compareTo(end) > 0) {
      throw new IllegalArgumentException(
          "hash key range [" + start + ", " + end + "] is empty or outside [0, 2^128 - 1]");
    }
  }

  /** Parses ListShards' decimal strings. */
  public static HashKeyRange of(String startingHashKey, String endingHashKey) {
    return new HashKeyRange(new BigInteger(startingHashKey), new BigInteger(endingHashKey));
  }

  public boolean contains(BigInteger hashKey) {
    return start.compareTo(hashKey) <= 0 && hashKey.compareTo(end) <= 0;
  }

  /** Whether this is the whole key space (every hash key is in it). */
  public boolean isAll() {
    return start.signum() == 0 && end.equals(HashKeys.MAX);
  }
}
