package dev.shardwise.consumer.internal;

import static dev.shardwise.consumer.testing.Records.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.BatchProcessor;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.ShardBatch;
import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.consumer.state.ShardLineage;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.InMemoryStateStore;
import dev.shardwise.consumer.testing.RecordingSink;
import dev.shardwise.consumer.testing.Records;
import dev.shardwise.core.detect.DetectorRegistry;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.kinesis.HashKeyRange;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.core.kpl.KplDecoder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The reader's two shortcuts, through the real processor on fakes: an aggregate in a shard that
 * does not cover every key is walked (and its MD5 verified) once, and a byte-identical copy of an
 * event decoded earlier in the pass is not decoded again, while everything that only looks like a
 * copy is decoded and judged as before. Walks and decodes are counted around the real deaggregator
 * and decoder.
 */
class KplEventReaderTest {
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");
  private static final Instant T = W0.plusSeconds(10);
  private static final BigInteger MID = HashKeys.MAX.shiftRight(1).add(BigInteger.ONE);

  private final AtomicInteger walks = new AtomicInteger();
  private final AtomicInteger decodes = new AtomicInteger();
  private final RecordingSink sink = new RecordingSink();
  private final List<String> log = new ArrayList<>();
  private final Records records = new Records(W0.plusSeconds(20));

  /** A shard holding the lower half of the key space (or all of it). */
  private static ShardLineage lowerHalf(boolean whole) {
    HashKeyRange range =
        whole ? HashKeyRange.ALL : new HashKeyRange(BigInteger.ZERO, MID.subtract(BigInteger.ONE));
    return new ShardLineage() {
      @Override
      public List<String> parents(String stream, String shardId) {
        return List.of();
      }

      @Override
      public HashKeyRange hashKeyRange(String stream, String shardId) {
        return range;
      }
    };
  }

  private static String device(boolean lower, int nth) {
    int found = 0;
    for (int i = 0; ; i++) {
      String d = "dev-" + i;
      if ((HashKeys.ofPartitionKey(d).compareTo(MID) < 0) == lower && found++ == nth) {
        return d;
      }
    }
  }

  private JsonNode window(ShardLineage lineage, StreamRecord... recs) {
    KplEventReader reader =
        new KplEventReader(
            lineage,
            (data, pk, ehk, visitor) -> {
              walks.incrementAndGet();
              return KplDecoder.forEachUserRecord(data, pk, ehk, visitor);
            },
            (data, offset, length, arrival) -> {
              decodes.incrementAndGet();
              return EventDecoder.standard().decode(data, offset, length, arrival);
            });
    BatchProcessor processor =
        new BatchProcessor(
            ConsumerConfig.fromEnvironment(Map.of(ConsumerConfig.REGION, "us-east-1")),
            reader,
            sink,
            new InMemoryStateStore(),
            DetectorRegistry.none(),
            InstantSource.fixed(Instant.parse("2026-11-21T12:00:00Z")),
            () -> 0L);
    processor.process(
        new ShardBatch(
            Harness.STREAM,
            Harness.SHARD,
            W0,
            W0.plusSeconds(60),
            Map.of(),
            List.of(recs),
            true,
            false),
        log::add);
    return log.stream()
        .filter(l -> l.contains("\"_aws\""))
        .map(Harness::parse)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static long metric(JsonNode metrics, String name) {
    return metrics.has(name) ? metrics.get(name).asLong() : 0;
  }

  private List<JsonNode> rejects() {
    return sink.delivered(Harness.REJECTS).stream().map(Harness::parse).toList();
  }

  @Test
  void
      aggregatesInAShardOfPartOfTheKeySpace_areWalkedOnceEach_andCountedWhenAllRecordsAreInRange() {
    String l0 = device(true, 0);
    String l1 = device(true, 1);
    StreamRecord first =
        records.aggregate(List.of(view("a", l0, "/p", T, -1), view("b", l1, "/p", T, -1)));
    StreamRecord second =
        records.aggregate(List.of(view("c", l1, "/p", T, -1), view("d", l0, "/q", T, -1)));

    JsonNode m = window(lowerHalf(false), first, second);

    assertThat(walks.get()).isEqualTo(2); // one MD5 check per aggregate
    assertThat(decodes.get()).isEqualTo(4);
    assertThat(metric(m, "EventsCounted")).isEqualTo(4);
    assertThat(metric(m, "UserRecordsOfOtherShards")).isZero();
  }

  @Test
  void anAggregateWithARecordOfAnotherShard_isWalkedOnce_andNoneOfItsRecordsIsDecoded() {
    StreamRecord misrouted =
        records.aggregate(
            List.of(
                view("a", device(true, 0), "/p", T, -1),
                view("b", device(false, 0), "/p", T, -1),
                view("c", device(true, 1), "/p", T, -1)));

    JsonNode m = window(lowerHalf(false), misrouted);

    assertThat(walks.get()).isEqualTo(1);
    assertThat(decodes.get()).isZero();
    assertThat(metric(m, "UserRecordsOfOtherShards")).isEqualTo(3);
    assertThat(metric(m, "EventsCounted")).isZero();
    assertThat(rejects()).isEmpty();
  }

  @Test
  void aCorruptAggregateInAShardOfPartOfTheKeySpace_isOneReject() {
    byte[] data = records.aggregate(List.of(view("a", device(true, 0), "/p", T, -1))).data();
    data[data.length - 1] ^= 1; // the MD5 trailer

    JsonNode m = window(lowerHalf(false), records.raw("pk", data));

    assertThat(walks.get()).isEqualTo(1);
    assertThat(metric(m, "Rejected.corrupt_aggregate")).isEqualTo(1);
    assertThat(rejects()).extracting(r -> r.get("sub_sequence_number").asInt()).containsExactly(-1);
  }

  /** A duplicate that turns the shortcut on: the pass keeps decoded events from then on. */
  private StreamRecord[] firstDuplicate() {
    return new StreamRecord[] {
      records.event(view("x", "d9", "/x", T, 1)), records.event(view("x", "d9", "/x", T, 1))
    };
  }

  private static StreamRecord[] concat(StreamRecord[] first, StreamRecord... rest) {
    StreamRecord[] out = Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, out, first.length, rest.length);
    return out;
  }

  @Test
  void aBatchWithoutDuplicates_keepsNoDecodedEvents_andDecodesEachRecordOnce() {
    JsonNode m =
        window(
            lowerHalf(true),
            records.event(view("a", "d1", "/p", T, 5)),
            records.event(view("b", "d2", "/p", T, 7)));

    assertThat(decodes.get()).isEqualTo(2);
    assertThat(metric(m, "EventsCounted")).isEqualTo(2);
  }

  @Test
  void afterTheFirstDuplicate_aByteIdenticalCopy_isADuplicate_withoutBeingDecodedAgain() {
    StreamRecord a = records.event(view("a", "d1", "/p", T, 5));
    StreamRecord aAgain = records.event(view("a", "d1", "/p", T, 5)); // the first duplicate
    StreamRecord b = records.event(view("b", "d2", "/p", T, 7));
    StreamRecord bAgain = records.event(view("b", "d2", "/p", T, 7));
    StreamRecord inAggregate =
        records.aggregate(List.of(view("b", "d2", "/p", T, 7), view("c", "d3", "/p", T, 1)));
    StreamRecord cAgain = records.event(view("c", "d3", "/p", T, 1));

    JsonNode m = window(lowerHalf(true), a, aAgain, b, bAgain, inAggregate, cAgain);

    assertThat(decodes.get()).isEqualTo(4); // a, its first copy, b, c
    assertThat(metric(m, "Duplicates")).isEqualTo(4);
    assertThat(metric(m, "EventsCounted")).isEqualTo(3);
    assertThat(Harness.viewsOfShard(sink, Harness.SHARD)).isEqualTo(3);
  }

  @Test
  void aCopyWithOtherBytes_isDecoded_andStillADuplicate() {
    StreamRecord a = records.event(view("a", "d1", "/p", T, 5));
    StreamRecord otherVersion = records.event(view("a", "d1", "/p", T, 6));

    JsonNode m = window(lowerHalf(true), concat(firstDuplicate(), a, otherVersion));

    assertThat(decodes.get()).isEqualTo(4);
    assertThat(metric(m, "Duplicates")).isEqualTo(2);
    assertThat(metric(m, "EventsCounted")).isEqualTo(2);
  }

  /**
   * Pins the semantics from before the shortcut: a record that is not a valid event is a reject
   * even when its id was counted (decoding comes before deduplication), never a duplicate.
   */
  @Test
  void anInvalidRecordWithACountedId_isRejectedWithItsReason_notDroppedAsADuplicate() {
    StreamRecord a = records.event(view("a", "d1", "/p", T, 5));
    String valid = new String(a.data(), StandardCharsets.UTF_8);
    StreamRecord truncated = records.raw("d1", valid.substring(0, valid.length() - 1));
    StreamRecord badPage = records.raw("d1", valid.replace("\"page\":\"/p\"", "\"page\":\"p\""));
    StreamRecord trailing = records.raw("d1", valid + "x");

    JsonNode m = window(lowerHalf(true), concat(firstDuplicate(), a, truncated, badPage, trailing));

    assertThat(decodes.get()).isEqualTo(6);
    assertThat(metric(m, "Duplicates")).isEqualTo(1); // x
    assertThat(metric(m, "EventsCounted")).isEqualTo(2);
    assertThat(rejects())
        .extracting(r -> r.get("reason").asText())
        .containsExactly("malformed_json", "bad_value", "malformed_json");
    assertThat(metric(m, "Rejected.malformed_json")).isEqualTo(2);
    assertThat(metric(m, "Rejected.bad_value")).isEqualTo(1);
  }

  @Test
  void aByteIdenticalCopyArrivingBeyondTheTimeRule_isDecoded_andRejectedAsOutOfRange() {
    StreamRecord[] first = firstDuplicate();
    StreamRecord a = records.event(view("a", "d1", "/p", T, 5));
    records.arriving(T.plus(EventDecoder.DEFAULT_MAX_AGE).plus(Duration.ofMillis(1)));
    StreamRecord late = records.event(view("a", "d1", "/p", T, 5));
    assertThat(late.data()).isEqualTo(EventEncoder.encode(view("a", "d1", "/p", T, 5)));

    JsonNode m = window(lowerHalf(true), concat(first, a, late));

    assertThat(decodes.get()).isEqualTo(4);
    assertThat(metric(m, "Duplicates")).isEqualTo(1); // x
    assertThat(rejects())
        .extracting(r -> r.get("reason").asText())
        .containsExactly("time_out_of_range");
  }

  @Test
  void aByteIdenticalCopyArrivingAtTheTimeRulesBound_isStillACopy() {
    StreamRecord[] first = firstDuplicate();
    StreamRecord a = records.event(view("a", "d1", "/p", T, 5));
    records.arriving(T.plus(EventDecoder.DEFAULT_MAX_AGE));
    StreamRecord atBound = records.event(view("a", "d1", "/p", T, 5));

    JsonNode m = window(lowerHalf(true), concat(first, a, atBound));

    assertThat(decodes.get()).isEqualTo(3); // x, its first copy, a
    assertThat(metric(m, "Duplicates")).isEqualTo(2);
  }
}
