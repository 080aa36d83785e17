package dev.shardwise.producer.internal;

import dev.shardwise.producer.PublisherConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** An engine on a fake clock, with helpers to publish and to answer its batches. */
final class EngineHarness {
  final FakeTicker ticker = new FakeTicker();
  final RecordingOutcomes outcomes = new RecordingOutcomes();
  final PublisherConfig config;
  final Engine engine;
  final List<PendingRecord> published = new ArrayList<>();
  private long seq;
  private final Map<PendingRecord, byte[]> dataOf = new IdentityHashMap<>();
  private long nextSequenceNumber = 1000;

  EngineHarness(PublisherConfig config, ShardMap map) {
    this.config = config;
    this.engine = new Engine(config, map, new SplittableRandom(42), outcomes, ticker.nanos());
  }

  /** Defaults for engine tests: no rate limits, 100 ms linger. */
  static PublisherConfig.Builder config() {
    return PublisherConfig.builder("test-stream").shardRecordsPerSecond(0).shardBytesPerSecond(0);
  }

  long now() {
    return ticker.nanos();
  }

  PendingRecord publish(String pk, int dataBytes) {
    byte[] data = new byte[dataBytes];
    byte[] tag = (pk + "#" + seq).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tag, 0, data, 0, Math.min(tag.length, data.length));
    return publish(pk, data);
  }

  PendingRecord publish(String pk, byte[] data) {
    long now = now();
    PendingRecord r =
        new PendingRecord(pk, data, "e" + seq, seq++, now, now + config.recordTtl().toNanos());
    published.add(r);
    dataOf.put(r, data);
    engine.add(r, now);
    return r;
  }

  /** The data {@code r} was published with (a record drops its own when it completes). */
  byte[] dataOf(PendingRecord r) {
    return dataOf.get(r);
  }

  Batch next() {
    return engine.nextBatch(now());
  }

  /** Answers every entry with success in the shard Kinesis would pick (the predicted one). */
  void succeed(Batch b) {
    List<EntryOutcome> out = new ArrayList<>();
    for (Entry e : b.entries()) {
      out.add(EntryOutcome.success(e.predictedShardId(), String.valueOf(nextSequenceNumber++)));
    }
    engine.onResponse(b, out, now());
  }

  /** Answers with the given error code for the entries at {@code failing}, success for the rest. */
  void answer(Batch b, String errorCode, int... failing) {
    List<EntryOutcome> out = new ArrayList<>();
    for (int i = 0; i < b.entries().size(); i++) {
      int idx = i;
      if (Arrays.stream(failing).anyMatch(f -> f == idx)) {
        out.add(EntryOutcome.failure(errorCode, "injected " + errorCode));
      } else {
        out.add(
            EntryOutcome.success(
                b.entries().get(i).predictedShardId(), String.valueOf(nextSequenceNumber++)));
      }
    }
    engine.onResponse(b, out, now());
  }

  void advance(Duration d) {
    ticker.advance(d);
  }

  /** The records of a batch, flattened in request order. */
  static List<PendingRecord> records(Batch b) {
    List<PendingRecord> out = new ArrayList<>();
    for (Entry e : b.entries()) {
      out.addAll(e.records());
    }
    return out;
  }
}
