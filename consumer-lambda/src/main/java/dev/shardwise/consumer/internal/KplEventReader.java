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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The production {@link RecordReader}: KPL deaggregation ({@link KplDecoder}, slices without
 * copies) and event decoding with validation ({@link EventDecoder}). A corrupt aggregate is one
 * reject ({@code corrupt_aggregate}, sub-sequence -1) with the whole record's bytes.
 *
 * <p><b>User records of other shards.</b> Kinesis stores an aggregate by its one explicit hash key
 * (the KPL's: its first user record's), so an aggregate built from a shard map that a reshard made
 * stale can land in a child shard holding user records whose own hash keys (explicit, else the MD5
 * of the partition key) belong to the child's sibling. The KPL re-sends such user records to their
 * own shard ("Wrong Shard" retries), and the KCL drops them when it deaggregates (records outside
 * the shard's hash-key range); so does this reader: such a user record is neither counted nor
 * rejected here ({@link UserRecordHandler#otherShard}), its re-sent copy is counted in its own
 * shard. Without this, a duplicate whose copies land in two sibling shards (which do not see each
 * other's fingerprints) is counted twice. The shard's range comes from {@link
 * ShardLineage#hashKeyRange} (ListShards, cached), looked up only for aggregates; a failed lookup
 * is transient (the batch stops at that record).
 */
public final class KplEventReader implements RecordReader {
  private final EventDecoder decoder = EventDecoder.standard();
  private final ShardLineage lineage;

  public KplEventReader(ShardLineage lineage) {
    this.lineage = Objects.requireNonNull(lineage, "lineage");
  }

  @Override
  public void read(String stream, String shardId, StreamRecord record, UserRecordHandler handler) {
    byte[] data = record.data();
    HashKeyRange range =
        KplDecoder.isAggregated(data) ? lineage.hashKeyRange(stream, shardId) : HashKeyRange.ALL;
    // per aggregate: a user record's verdict by its explicit hash key, else by its partition key
    Map<String, Boolean> byKey = range.isAll() ? null : new HashMap<>();
    Map<String, Boolean> byExplicit = range.isAll() ? null : new HashMap<>();
    Optional<String> corrupt =
        KplDecoder.forEachUserRecord(
            data,
            record.partitionKey(),
            null,
            (sub, pk, ehk, buffer, offset, length) -> {
              if (byKey != null
                  && !(ehk == null ? byKey : byExplicit)
                      .computeIfAbsent(
                          ehk == null ? pk : ehk, k -> range.contains(hashKey(pk, ehk)))) {
                handler.otherShard(sub);
                return;
              }
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

  /** The user record's effective hash key; an unparsable explicit one falls back to the key's. */
  private static BigInteger hashKey(String partitionKey, String explicitHashKey) {
    return explicitHashKey != null && HashKeys.isValidExplicitHashKey(explicitHashKey)
        ? new BigInteger(explicitHashKey)
        : HashKeys.ofPartitionKey(partitionKey);
  }
}
