package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecordVisitor;
import dev.shardwise.core.window.EventFingerprint;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
 * aggregates; a failed lookup is transient (the batch stops at that record). The aggregate is
 * walked once (its MD5 verified once): its user records' slices are collected while their hash keys
 * are checked, and decoded only when all are in range.
 *
 * <p><b>Byte-identical copies are not decoded again.</b> When the handler keeps {@link
 * UserRecordHandler#copies() copies}, a user record laid out canonically ({@link EventIdScan}) is
 * first looked up by its id's fingerprint: a record with the same bytes as a valid event decoded
 * earlier in the pass, and whose time is still within the time rule of its own arrival, is that
 * event, and is handed on without decoding. Everything else (new ids, a known id with other bytes,
 * invalid JSON under a known id) is decoded exactly as before, so the outcome never changes.
 */
public final class KplEventReader implements RecordReader {
  /** Partition keys whose hash keys are kept. */
  static final int HASH_CACHE_LIMIT = 100_000;

  /** How the reader deaggregates ({@link KplDecoder#forEachUserRecord}; tests count calls). */
  @FunctionalInterface
  interface Deaggregator {
    Optional<String> forEachUserRecord(
        byte[] data, String partitionKey, String explicitHashKey, UserRecordVisitor visitor);
  }

  /** How the reader decodes one event ({@link EventDecoder#decode}; tests count calls). */
  @FunctionalInterface
  interface Decoder {
    DecodeResult decode(byte[] data, int offset, int length, Instant arrival);
  }

  private final ShardLineage lineage;
  private final Deaggregator deaggregator;
  private final Decoder decoder;
  private final Duration maxAge;
  private final Duration maxAhead;
  private final Map<String, BigInteger> keyHashes = new ConcurrentHashMap<>();

  public KplEventReader(ShardLineage lineage) {
    this(lineage, KplDecoder::forEachUserRecord, EventDecoder.standard()::decode);
  }

  /** With hooks around the standard deaggregator and decoder (same results, same time rule). */
  KplEventReader(ShardLineage lineage, Deaggregator deaggregator, Decoder decoder) {
    this.lineage = Objects.requireNonNull(lineage, "lineage");
    this.deaggregator = Objects.requireNonNull(deaggregator, "deaggregator");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.maxAge = EventDecoder.standard().maxAge();
    this.maxAhead = EventDecoder.standard().maxAhead();
  }

  @Override
  public void read(String stream, String shardId, StreamRecord record, UserRecordHandler handler) {
    byte[] data = record.data();
    HashKeyRange range =
        KplDecoder.isAggregated(data) ? lineage.hashKeyRange(stream, shardId) : HashKeyRange.ALL;
    Optional<String> corrupt;
    if (!range.isAll()) {
      corrupt = readChecked(record, range, handler);
    } else {
      DecodedCopies copies = handler.copies();
      corrupt =
          deaggregator.forEachUserRecord(
              data,
              record.partitionKey(),
              null,
              (sub, pk, ehk, buffer, offset, length) ->
                  decode(sub, pk, buffer, offset, length, record.arrival(), handler, copies));
    }
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
   * One walk over an aggregate in a shard that does not cover every key: collects the user records
   * and checks their hash keys, then skips them all (one outside {@code range}) or decodes them.
   */
  private Optional<String> readChecked(
      StreamRecord record, HashKeyRange range, UserRecordHandler handler) {
    Slices slices = new Slices();
    Optional<String> corrupt =
        deaggregator.forEachUserRecord(
            record.data(),
            record.partitionKey(),
            null,
            (sub, pk, ehk, buffer, offset, length) -> {
              if (slices.allInRange && !range.contains(hashKey(pk, ehk))) {
                slices.allInRange = false;
              }
              slices.add(sub, pk, offset, length);
            });
    if (corrupt.isPresent()) {
      return corrupt;
    }
    if (!slices.allInRange) {
      for (int i = 0; i < slices.size; i++) {
        handler.otherShard(slices.subs[i]);
      }
      return corrupt;
    }
    DecodedCopies copies = handler.copies();
    for (int i = 0; i < slices.size; i++) {
      decode(
          slices.subs[i],
          slices.partitionKeys[i],
          record.data(),
          slices.offsets[i],
          slices.lengths[i],
          record.arrival(),
          handler,
          copies);
    }
    return corrupt;
  }

  private void decode(
      int sub,
      String partitionKey,
      byte[] buffer,
      int offset,
      int length,
      Instant arrival,
      UserRecordHandler handler,
      DecodedCopies copies) {
    int idLength = copies == null ? -1 : EventIdScan.idLength(buffer, offset, length);
    long fingerprint = 0;
    if (idLength > 0) {
      fingerprint = EventIdScan.fingerprint(buffer, offset, idLength);
      Event copy = copies.find(fingerprint, buffer, offset, length);
      if (copy != null && withinTimeRule(copy.time(), arrival)) {
        handler.event(sub, copy, fingerprint);
        return;
      }
    }
    DecodeResult result = decoder.decode(buffer, offset, length, arrival);
    if (result instanceof DecodeResult.Valid v) {
      Event event = v.event();
      if (idLength > 0) {
        copies.remember(fingerprint, buffer, offset, length, event);
      } else {
        fingerprint = EventFingerprint.of(event.eventId());
      }
      handler.event(sub, event, fingerprint);
    } else {
      DecodeResult.Rejected r = (DecodeResult.Rejected) result;
      handler.reject(sub, partitionKey, r.reason(), r.message(), buffer, offset, length);
    }
  }

  /** The decoder's time rule: at most maxAge before and maxAhead after arrival, inclusive. */
  private boolean withinTimeRule(Instant time, Instant arrival) {
    return Duration.between(time, arrival).compareTo(maxAge) <= 0
        && Duration.between(arrival, time).compareTo(maxAhead) <= 0;
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

  /** The user records of one aggregate, as slices of its data. */
  private static final class Slices {
    int[] subs = new int[64];
    String[] partitionKeys = new String[64];
    int[] offsets = new int[64];
    int[] lengths = new int[64];
    int size;
    boolean allInRange = true;

    void add(int sub, String partitionKey, int offset, int length) {
      if (size == subs.length) {
        int n = size * 2;
        subs = Arrays.copyOf(subs, n);
        partitionKeys = Arrays.copyOf(partitionKeys, n);
        offsets = Arrays.copyOf(offsets, n);
        lengths = Arrays.copyOf(lengths, n);
      }
      subs[size] = sub;
      partitionKeys[size] = partitionKey;
      offsets[size] = offset;
      lengths[size] = length;
      size++;
    }
  }
}
