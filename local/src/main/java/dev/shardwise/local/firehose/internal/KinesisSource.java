package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.firehose.Deaggregator;
import dev.shardwise.local.firehose.FirehoseMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the source stream of a {@code KinesisStreamAsSource} delivery stream through the SDK, as
 * Firehose does: every shard with {@code GetShardIterator}/{@code GetRecords}, shards open at
 * creation from {@code LATEST}, shards born later (reshards) from {@code TRIM_HORIZON} once their
 * parents are read to the end (so a key's records stay in order); KPL aggregates are deaggregated.
 * The position of a shard is checkpointed in {@code checkpoints.json} only up to the last record
 * whose object is in S3, so a restart re-reads (and redelivers) what was not yet delivered. Not
 * thread-safe: driven by the service's tick.
 */
public final class KinesisSource {
  private static final Logger log = LoggerFactory.getLogger(KinesisSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String deliveryStream;
  private final String stream;
  private final KinesisClient kinesis;
  private final Deaggregator deaggregator;
  private final DeliveryPipeline pipeline;
  private final BufferBudget budget;
  private final FirehoseMetrics metrics;
  private final InstantSource clock;
  private final Path checkpointFile;
  private final int limit;
  private final Map<String, ShardReader> shards = new LinkedHashMap<>();
  private final Map<String, String> checkpoints = new LinkedHashMap<>();
  private boolean checkpointsDirty;

  /** Position of one shard: what was read, what is delivered. */
  private static final class ShardReader {
    final Shard shard;
    String iterator;
    String lastRead;
    boolean endReached;
    boolean finished;
    long millisBehind;
    final Deque<Object[]> pending = new ArrayDeque<>(); // {sequenceNumber, long[] remaining}

    ShardReader(Shard shard) {
      this.shard = shard;
    }
  }

  public KinesisSource(
      String deliveryStream,
      String stream,
      KinesisClient kinesis,
      Deaggregator deaggregator,
      DeliveryPipeline pipeline,
      BufferBudget budget,
      FirehoseMetrics metrics,
      InstantSource clock,
      Path checkpointFile,
      int limit) {
    this.deliveryStream = deliveryStream;
    this.stream = stream;
    this.kinesis = kinesis;
    this.deaggregator = deaggregator;
    this.pipeline = pipeline;
    this.budget = budget;
    this.metrics = metrics;
    this.clock = clock;
    this.checkpointFile = checkpointFile;
    this.limit = limit;
    loadCheckpoints();
  }

  /** Lists the shards and positions the ones open now at LATEST (or their checkpoint). */
  public void start() {
    discover(true);
  }

  /**
   * One round: discovers new shards, reads one batch from each readable shard, saves checkpoints.
   *
   * @return the records read
   */
  public int poll() {
    discover(false);
    int read = 0;
    for (ShardReader r : List.copyOf(shards.values())) {
      if (r.finished || r.endReached || !parentsFinished(r)) {
        continue;
      }
      if (budget.used() > 0 && !budget.tryReserve(0)) {
        break;
      }
      read += readOnce(r);
    }
    saveCheckpoints();
    return read;
  }

  /** Polls until every shard is caught up (bounded), for a flush. */
  public void drain() {
    for (int round = 0; round < 10_000; round++) {
      int read = poll();
      boolean behind =
          shards.values().stream()
              .anyMatch(
                  r -> !r.finished && !r.endReached && parentsFinished(r) && r.millisBehind > 0);
      if (read == 0 && !behind) {
        return;
      }
    }
  }

  /** Writes the checkpoints of everything delivered so far. */
  public void saveCheckpoints() {
    if (!checkpointsDirty) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    ObjectNode s = root.putObject("shards");
    checkpoints.forEach(s::put);
    try {
      Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
      Files.createDirectories(checkpointFile.getParent());
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.move(
          tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      checkpointsDirty = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + checkpointFile, e);
    }
  }

  private void discover(boolean atCreation) {
    String token = null;
    do {
      ListShardsResponse resp =
          kinesis.listShards(
              token == null
                  ? ListShardsRequest.builder().streamName(stream).build()
                  : ListShardsRequest.builder().nextToken(token).build());
      for (Shard shard : resp.shards()) {
        if (!shards.containsKey(shard.shardId())) {
          ShardReader r = new ShardReader(shard);
          String cp = checkpoints.get(shard.shardId());
          if ("SHARD_END".equals(cp)) {
            r.finished = true;
          } else if (cp != null) {
            r.lastRead = cp;
          } else if (atCreation && shard.sequenceNumberRange().endingSequenceNumber() == null) {
            r.iterator = iterator(shard.shardId(), ShardIteratorType.LATEST, null);
          }
          shards.put(shard.shardId(), r);
        }
      }
      token = resp.nextToken();
    } while (token != null);
  }

  private boolean parentsFinished(ShardReader r) {
    for (String parent : new String[] {r.shard.parentShardId(), r.shard.adjacentParentShardId()}) {
      ShardReader p = parent == null ? null : shards.get(parent);
      if (p != null && !p.finished && !p.endReached) {
        return false;
      }
    }
    return true;
  }

  private int readOnce(ShardReader r) {
    try {
      if (r.iterator == null) {
        r.iterator =
            r.lastRead == null
                ? iterator(r.shard.shardId(), ShardIteratorType.TRIM_HORIZON, null)
                : iterator(r.shard.shardId(), ShardIteratorType.AFTER_SEQUENCE_NUMBER, r.lastRead);
      }
      GetRecordsResponse resp = kinesis.getRecords(b -> b.shardIterator(r.iterator).limit(limit));
      r.iterator = resp.nextShardIterator();
      r.millisBehind = resp.millisBehindLatest() == null ? 0 : resp.millisBehindLatest();
      List<Incoming> batch = new ArrayList<>();
      long bytes = 0;
      for (Record rec : resp.records()) {
        bytes += ingestable(r, rec, batch);
      }
      if (!batch.isEmpty()) {
        long total = 0;
        for (Incoming in : batch) {
          total += in.data().length;
        }
        budget.reserve(total);
        pipeline.ingest(batch);
        var now = clock.instant();
        metrics.record(
            deliveryStream,
            FirehoseMetrics.KINESIS_READ_RECORDS,
            resp.records().size(),
            FirehoseMetrics.COUNT,
            now);
        metrics.record(
            deliveryStream, FirehoseMetrics.KINESIS_READ_BYTES, bytes, FirehoseMetrics.BYTES, now);
        metrics.record(
            deliveryStream,
            FirehoseMetrics.INCOMING_RECORDS,
            batch.size(),
            FirehoseMetrics.COUNT,
            now);
        metrics.record(
            deliveryStream, FirehoseMetrics.INCOMING_BYTES, total, FirehoseMetrics.BYTES, now);
      }
      if (r.iterator == null) {
        r.endReached = true;
        markDelivered(r);
      }
      return resp.records().size();
    } catch (ExpiredIteratorException e) {
      r.iterator = null;
      return 0;
    } catch (KinesisException e) {
      log.warn(
          "reading {} for {} failed; retrying at the next tick: {}",
          r.shard.shardId(),
          deliveryStream,
          e.getMessage());
      return 0;
    }
  }

  /** Adds the user records of one Kinesis record; returns its size. */
  private int ingestable(ShardReader r, Record rec, List<Incoming> batch) {
    byte[] data = rec.data().asByteArrayUnsafe();
    long arrival =
        rec.approximateArrivalTimestamp() == null
            ? clock.millis()
            : rec.approximateArrivalTimestamp().toEpochMilli();
    Deaggregator.Result result = deaggregator.deaggregate(data, rec.partitionKey(), null);
    List<byte[]> users =
        result instanceof Deaggregator.Records recs ? recs.userRecords() : List.of(data);
    long[] remaining = {users.size()};
    Object[] entry = {rec.sequenceNumber(), remaining};
    r.pending.add(entry);
    r.lastRead = rec.sequenceNumber();
    for (int i = 0; i < users.size(); i++) {
      batch.add(
          new Incoming(
              users.get(i), arrival, () -> delivered(r, remaining), rec.sequenceNumber(), i));
    }
    if (users.isEmpty()) {
      delivered(r, remaining);
    }
    return data.length;
  }

  private void delivered(ShardReader r, long[] remaining) {
    synchronized (this) {
      remaining[0]--;
      markDelivered(r);
    }
  }

  private synchronized void markDelivered(ShardReader r) {
    String last = null;
    while (!r.pending.isEmpty() && ((long[]) r.pending.peekFirst()[1])[0] <= 0) {
      last = (String) r.pending.pollFirst()[0];
    }
    if (last != null) {
      checkpoints.put(r.shard.shardId(), last);
      checkpointsDirty = true;
    }
    if (r.endReached && r.pending.isEmpty() && !r.finished) {
      r.finished = true;
      checkpoints.put(r.shard.shardId(), "SHARD_END");
      checkpointsDirty = true;
    }
  }

  private String iterator(String shardId, ShardIteratorType type, String after) {
    return kinesis
        .getShardIterator(
            b -> {
              b.streamName(stream).shardId(shardId).shardIteratorType(type);
              if (after != null) {
                b.startingSequenceNumber(after);
              }
            })
        .shardIterator();
  }

  private void loadCheckpoints() {
    if (!Files.exists(checkpointFile)) {
      return;
    }
    try {
      var root = JSON.readTree(checkpointFile.toFile()).path("shards");
      root.fields().forEachRemaining(e -> checkpoints.put(e.getKey(), e.getValue().asText()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpointFile, e);
    }
  }
}
