package dev.shardwise.core.kinesis;

import dev.shardwise.core.internal.Md5;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Kinesis hash-key arithmetic, shared by the producer (which shard a record goes to) and the local
 * Kinesis (which shard a PutRecord lands in).
 *
 * <p>Kinesis maps a record to the shard whose hash-key range holds the record's <em>effective hash
 * key</em>: its explicit hash key when it has one, else the MD5 of its partition key's UTF-8 bytes
 * read as an unsigned 128-bit integer. Hash keys lie in {@code [0, 2^128 - 1]}.
 */
public final class HashKeys {
  /** The largest hash key, {@code 2^128 - 1}. */
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /** The smallest hash key, zero. */
  public static final BigInteger MIN = BigInteger.ZERO;

  private static final String MAX_DECIMAL = MAX.toString();

  private HashKeys() {}

  /** MD5 of the UTF-8 bytes of {@code partitionKey}, as an unsigned 128-bit integer. */
  public static BigInteger ofPartitionKey(String partitionKey) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
    return new BigInteger(1, Md5.digest(utf8, 0, utf8.length));
  }

  /**
   * Parses an explicit hash key as Kinesis accepts it: decimal digits matching {@code
   * 0|([1-9]\d{0,38})} and at most {@link #MAX}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code explicitHashKey}
   */
  public static BigInteger parseExplicitHashKey(String explicitHashKey) {
    String problem = explicitHashKeyProblem(explicitHashKey);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new BigInteger(explicitHashKey);
  }

  /** Tells whether {@link #parseExplicitHashKey} would accept {@code explicitHashKey}. */
  public static boolean isValidExplicitHashKey(String explicitHashKey) {
    return explicitHashKeyProblem(explicitHashKey) == null;
  }

  /**
   * The hash key Kinesis routes a record by: {@code explicitHashKey} when it is not null, else
   * {@link #ofPartitionKey(String)}.
   *
   * @throws IllegalArgumentException if {@code explicitHashKey} is not a valid hash key
   */
  public static BigInteger effectiveHashKey(String partitionKey, String explicitHashKey) {
    return explicitHashKey != null
        ? parseExplicitHashKey(explicitHashKey)
        : ofPartitionKey(partitionKey);
  }

  private static String explicitHashKeyProblem(String ehk) {
    if (ehk == null) {
      return "explicit hash key is null";
    }
    if (ehk.isEmpty()) {
      return "explicit hash key is empty: expected a decimal integer in [0, 2^128 - 1]";
    }
    if (ehk.length() > MAX_DECIMAL.length()) {
      return "explicit hash key '"
          + excerpt(ehk)
          + "' has "
          + ehk.length()
          + " characters: a hash key has at most "
          + MAX_DECIMAL.length()
          + " decimal digits";
    }
    for (int i = 0; i < ehk.length(); i++) {
      char c = ehk.charAt(i);
      if (c < '0' || c > '9') {
        return "explicit hash key '"
            + ehk
            + "' has '"
            + c
            + "' at position "
            + i
            + ": only decimal digits 0-9 are allowed";
      }
    }
    if (ehk.length() > 1 && ehk.charAt(0) == '0') {
      return "explicit hash key '"
          + ehk
          + "' has a leading zero (Kinesis pattern 0|[1-9]\\d{0,38})";
    }
    if (ehk.length() == MAX_DECIMAL.length() && ehk.compareTo(MAX_DECIMAL) > 0) {
      return "explicit hash key '" + ehk + "' exceeds the largest hash key 2^128 - 1 = " + MAX;
    }
    return null;
  }

  private static String excerpt(String s) {
    return s.length() <= 48 ? s : s.substring(0, 45) + "...";
  }
}
