package dev.shardwise.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.window.EventFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Skipping the decode of byte-identical copies changes no outcome: a batch full of copies, copies
 * with other bytes, invalid records under counted ids, copies arriving at and past the time rule's
 * bound, plain and aggregated, gives the same rows and metrics through {@link KplEventReader} as
 * through a reader that decodes every user record (the reader before the shortcut).
 */
class CopiesPropertiesIT {
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");
  private static final Duration MAX_AGE = EventDecoder.DEFAULT_MAX_AGE;

  /** Decodes every user record: the behaviour the shortcut must keep. */
  private static final RecordReader DECODE_ALL =
      (stream, shardId, record, handler) -> {
        Optional<String> corrupt =
            KplDecoder.forEachUserRecord(
                record.data(),
                record.partitionKey(),
                null,
                (sub, pk, ehk, buffer, offset, length) -> {
                  DecodeResult r =
                      EventDecoder.standard().decode(buffer, offset, length, record.arrival());
                  if (r instanceof DecodeResult.Valid v) {
                    handler.event(sub, v.event(), EventFingerprint.of(v.event().eventId()));
                  } else {
                    DecodeResult.Rejected x = (DecodeResult.Rejected) r;
                    handler.reject(sub, pk, x.reason(), x.message(), buffer, offset, length);
                  }
                });
        corrupt.ifPresent(
            m ->
                handler.reject(
                    -1,
                    record.partitionKey(),
                    RejectReason.CORRUPT_AGGREGATE,
                    m,
                    record.data(),
                    0,
                    record.data().length));
      };

  private static List<StreamRecord> batch(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Records records = new Records(W0.plusSeconds(1));
    List<byte[]> sent = new ArrayList<>();
    List<StreamRecord> out = new ArrayList<>();
    int n = 1 + r.nextInt(60);
    for (int i = 0; i < n; i++) {
      int aggregateSize = r.nextInt(4) == 0 ? 2 + r.nextInt(5) : 1;
      List<byte[]> users = new ArrayList<>();
      for (int k = 0; k < aggregateSize; k++) {
        users.add(userRecord(r, sent, i * 10 + k));
        sent.add(users.get(users.size() - 1));
      }
      int when = r.nextInt(10);
      Instant time = W0.plusSeconds(10); // every event's time (see userRecord)
      records.arriving(
          when == 0
              ? time.plus(MAX_AGE) // at the bound: still valid
              : when == 1 ? time.plus(MAX_AGE).plusMillis(1) : W0.plusMillis(r.nextInt(59_000)));
      out.add(
          aggregateSize == 1 && r.nextBoolean()
              ? records.raw("d", users.get(0))
              : records.aggregateOf("d", users));
    }
    return out;
  }

  /** A fresh event, a byte-identical copy, a copy with other bytes, or a broken copy. */
  private static byte[] userRecord(SplittableRandom r, List<byte[]> sent, int n) {
    int kind = sent.isEmpty() ? 0 : r.nextInt(6);
    if (kind <= 1) {
      return event("e-" + (kind == 0 ? n : r.nextInt(n + 1)), r.nextInt(3), r.nextInt(100));
    }
    byte[] earlier = sent.get(r.nextInt(sent.size()));
    String text = new String(earlier, StandardCharsets.UTF_8);
    return switch (kind) {
      case 2, 3 -> earlier.clone();
      case 4 -> text.replace("\"load_ms\":", "\"load_ms\":1").getBytes(StandardCharsets.UTF_8);
      default ->
          r.nextBoolean()
              ? Arrays.copyOf(earlier, earlier.length - 1)
              : (text + " x").getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] event(String id, int device, int loadMs) {
    return ("{\"schema\":1,\"event_id\":\""
            + id
            + "\",\"type\":\"page_view\",\"time\":\"2026-11-21T10:15:10Z\",\"device_id\":\"d"
            + device
            + "\",\"page\":\"/p\",\"load_ms\":"
            + loadMs
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> run(RecordReader reader, List<StreamRecord> records) {
    RecordingSink sink = new RecordingSink();
    List<String> log = new ArrayList<>();
    new BatchProcessor(
            ConsumerConfig.fromEnvironment(Map.of(ConsumerConfig.REGION, "us-east-1")),
            reader,
            sink,
            new InMemoryStateStore(),
            DetectorRegistry.none(),
            InstantSource.fixed(Instant.parse("2026-11-21T12:00:00Z")),
            () -> 0L)
        .process(
            new ShardBatch(
                Harness.STREAM,
                Harness.SHARD,
                W0,
                W0.plusSeconds(60),
                Map.of(),
                records,
                true,
                false),
            log::add);
    List<String> out = new ArrayList<>(log);
    out.addAll(sink.delivered(Harness.PAGE_VIEWS));
    out.addAll(sink.delivered(Harness.REJECTS));
    return out;
  }

  @Property(tries = 300)
  void skippingTheDecodeOfCopies_changesNoRowAndNoMetric(@ForAll long seed) {
    List<StreamRecord> records = batch(seed);

    List<String> withShortcut = run(new KplEventReader(ShardLineage.NONE), records);
    List<String> decodingAll = run(DECODE_ALL, records);

    assertThat(withShortcut).isEqualTo(decodingAll);
  }
}
