package dev.shardwise.producer.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The open shards of a stream and their hash-key ranges, as ListShards reported them. Immutable.
 * Lookup is a binary search over the ranges' starting keys; the open shards of a stream cover the
 * 128-bit key space without overlap, which {@link #of} checks. It may also know the ranges of
 * closed shards ({@link #withClosed}), to tell where a record stored in one of them belongs.
 */
public final class ShardMap {

  /** One open shard. */
  public record Shard(String shardId, BigInteger startingHashKey, BigInteger endingHashKey) {
    public Shard {
      Objects.requireNonNull(shardId, "shardId");
      if (startingHashKey.compareTo(endingHashKey) > 0) {
        throw new IllegalArgumentException("empty hash range for " + shardId);
      }
    }

    public boolean contains(BigInteger hashKey) {
      return startingHashKey.compareTo(hashKey) <= 0 && hashKey.compareTo(endingHashKey) <= 0;
    }
  }

  /** 2^128 - 1, the largest hash key. */
  public static final BigInteger MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private final List<Shard> shards;
  private final BigInteger[] starts;
  private final Map<String, Shard> known;

  private ShardMap(List<Shard> sorted, Map<String, Shard> known) {
    this.shards = List.copyOf(sorted);
    this.starts = sorted.stream().map(Shard::startingHashKey).toArray(BigInteger[]::new);
    this.known = Map.copyOf(known);
  }

  private static Map<String, Shard> byId(List<Shard> shards) {
    Map<String, Shard> m = new HashMap<>();
    for (Shard s : shards) {
      m.put(s.shardId(), s);
    }
    return m;
  }

  /** This map, also knowing the ranges of these closed shards. */
  public ShardMap withClosed(List<Shard> closed) {
    Map<String, Shard> m = new HashMap<>(known);
    for (Shard s : closed) {
      m.putIfAbsent(s.shardId(), s);
    }
    return new ShardMap(shards, m);
  }

  /** The shard with this id, open or (when known) closed; {@code null} when unknown. */
  public Shard shard(String shardId) {
    return known.get(shardId);
  }

  /**
   * The map of these open shards.
   *
   * @throws IllegalArgumentException when the ranges leave a gap, overlap, or are empty
   */
  public static ShardMap of(List<Shard> openShards) {
    if (openShards.isEmpty()) {
      throw new IllegalArgumentException("the stream has no open shard");
    }
    List<Shard> sorted = new ArrayList<>(openShards);
    sorted.sort(Comparator.comparing(Shard::startingHashKey));
    BigInteger expected = BigInteger.ZERO;
    for (Shard s : sorted) {
      if (!s.startingHashKey().equals(expected)) {
        throw new IllegalArgumentException(
            "open shards do not cover the hash key space: "
                + s.shardId()
                + " starts at "
                + s.startingHashKey()
                + ", expected "
                + expected);
      }
      expected = s.endingHashKey().add(BigInteger.ONE);
    }
    if (!expected.equals(MAX_HASH_KEY.add(BigInteger.ONE))) {
      throw new IllegalArgumentException("open shards end before the largest hash key");
    }
    return new ShardMap(sorted, byId(sorted));
  }

  /** A stream of {@code count} shards splitting the key space evenly (as CreateStream does). */
  public static ShardMap uniform(int count) {
    List<Shard> shards = new ArrayList<>();
    BigInteger width = MAX_HASH_KEY.add(BigInteger.ONE).divide(BigInteger.valueOf(count));
    for (int i = 0; i < count; i++) {
      BigInteger start = width.multiply(BigInteger.valueOf(i));
      BigInteger end = i == count - 1 ? MAX_HASH_KEY : start.add(width).subtract(BigInteger.ONE);
      shards.add(new Shard(String.format("shardId-%012d", i), start, end));
    }
    return of(shards);
  }

  /** The shard whose range holds this hash key. */
  public Shard shardFor(BigInteger hashKey) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid].compareTo(hashKey) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return shards.get(lo);
  }

  public List<Shard> shards() {
    return shards;
  }

  public int size() {
    return shards.size();
  }

  public boolean containsShard(String shardId) {
    for (Shard s : shards) {
      if (s.shardId().equals(shardId)) {
        return true;
      }
    }
    return false;
  }
}
