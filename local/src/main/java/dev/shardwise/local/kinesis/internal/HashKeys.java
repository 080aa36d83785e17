package dev.shardwise.local.kinesis.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Kinesis hash-key arithmetic: a record's hash key is the MD5 of its partition key read as an
 * unsigned 128-bit integer (or its explicit hash key); shards own contiguous ranges of [0, 2^128).
 *
 * <p>To be replaced by {@code dev.shardwise.core.kinesis.HashKeys} once that lands on main.
 */
public final class HashKeys {
  /** 2^128: one past the largest hash key. */
  public static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

  /** 2^128 - 1: the largest hash key. */
  public static final BigInteger MAX = SPACE.subtract(BigInteger.ONE);

  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(HashKeys::md5);

  private HashKeys() {}

  /** The hash key of a partition key: MD5 of its UTF-8 bytes, unsigned. */
  public static BigInteger ofPartitionKey(String partitionKey) {
    byte[] digest = MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8));
    return new BigInteger(1, digest);
  }

  /**
   * Parses an explicit hash key: a decimal integer in [0, 2^128).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static BigInteger parse(String decimal) {
    if (decimal.isEmpty()
        || decimal.length() > 39
        || !decimal.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a decimal hash key: " + decimal);
    }
    BigInteger value = new BigInteger(decimal);
    if (value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("hash key above 2^128 - 1: " + decimal);
    }
    return value;
  }

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

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
