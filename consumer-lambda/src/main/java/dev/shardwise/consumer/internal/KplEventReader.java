package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.KplDecoder;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production {@link RecordReader}: KPL deaggregation ({@link KplDecoder}, slices without
 * copies) and event decoding with validation ({@link EventDecoder}). A corrupt aggregate is one
 * reject ({@code corrupt_aggregate}, sub-sequence -1) with the whole record's bytes.
 *
 * <p><b>Aggregates holding user records of other shards.</b> Kinesis stores an aggregate by its one
 * explicit hash key (the KPL's: its first user record's), so an aggregate built from a shard map
 * that a reshard made stale can land in a child shard holding user records whose own hash keys
 * (explicit, else the MD5 of the partition key) belong to the child's sibling. The KCL drops such
 * an aggregate <em>whole</em> when it deaggregates (at its first user record outside the shard's
 * hash-key range), and the KPL re-sends every user record of an aggregate stored in a shard other
 * than the one it predicted ("Wrong Shard"); this reader follows the KCL: every user record of such
 * an aggregate is skipped ({@link UserRecordHandler#otherShard}), neither counted nor rejected, and
 * its re-sent copies are counted in their own shards. Without this, a duplicate whose copies land
 * in two sibling shards (which do not see each other's fingerprints) is counted twice. The shard's
 * range comes from {@link ShardLineage#hashKeyRange} (ListShards, cached), looked up only for
 * aggregates; a failed lookup is transient (the batch stops at that record).
 */
public final class KplEventReader implements RecordReader {
  /** Partition keys whose hash keys are kept. */
  static final int HASH_CACHE_LIMIT = 100_000;

  private final EventDecoder decoder = EventDecoder.standard();
  private final ShardLineage lineage;
  private final Map<String, BigInteger> keyHashes = new ConcurrentHashMap<>();

  public KplEventReader(ShardLineage lineage) {
    this.lineage = Objects.requireNonNull(lineage, "lineage");
  }

  @Override
  public void read(String stream, String shardId, StreamRecord record, UserRecordHandler handler) {
    byte[] data = record.data();
    if (KplDecoder.isAggregated(data)) {
      HashKeyRange range = lineage.hashKeyRange(stream, shardId);
      if (!range.isAll() && !allInRange(data, record.partitionKey(), range)) {
        KplDecoder.forEachUserRecord(
            data,
            record.partitionKey(),
            null,
            (sub, pk, ehk, buffer, offset, length) -> handler.otherShard(sub));
        return;
      }
    }
    Optional<String> corrupt =
        KplDecoder.forEachUserRecord(
            data,
            record.partitionKey(),
            null,
            (sub, pk, ehk, buffer, offset, length) -> {
              DecodeResult result = decoder.decode(buffer, offset, length, record.arrival());
              if (result instanceof DecodeResult.Valid v) {
                handler.event(sub, v.event());
              } else {
                DecodeResult.Rejected r = (DecodeResult.Rejected) result;
                handler.reject(sub, pk, r.reason(), r.message(), buffer, offset, length);
              }
            });
    corrupt.ifPresent(
        message ->
            handler.reject(
                -1,
                record.partitionKey(),
                RejectReason.CORRUPT_AGGREGATE,
                message,
                data,
                0,
                data.length));
  }

  /**
   * Whether every user record of the aggregate has its hash key in {@code range} (a corrupt
   * aggregate visits nothing: it is rejected whole where it is).
   */
  private boolean allInRange(byte[] data, String partitionKey, HashKeyRange range) {
    boolean[] out = {true};
    KplDecoder.forEachUserRecord(
        data,
        partitionKey,
        null,
        (sub, pk, ehk, buffer, offset, length) -> {
          if (out[0] && !range.contains(hashKey(pk, ehk))) {
            out[0] = false;
          }
        });
    return out[0];
  }

  /**
   * The user record's effective hash key; an unparsable explicit one falls back to the key's. The
   * MD5s of partition keys are cached (devices recur in every aggregate), up to {@link
   * #HASH_CACHE_LIMIT} keys, then the cache starts over.
   */
  private BigInteger hashKey(String partitionKey, String explicitHashKey) {
    if (explicitHashKey != null && HashKeys.isValidExplicitHashKey(explicitHashKey)) {
      return new BigInteger(explicitHashKey);
    }
    BigInteger h = keyHashes.get(partitionKey);
    if (h == null) {
      h = HashKeys.ofPartitionKey(partitionKey);
      if (keyHashes.size() >= HASH_CACHE_LIMIT) {
        keyHashes.clear();
      }
      keyHashes.put(partitionKey, h);
    }
    return h;
  }
}
