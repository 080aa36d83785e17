package dev.shardwise.local.kinesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.kinesis.internal.ControlPlane;
import dev.shardwise.local.kinesis.internal.DataPlane;
import dev.shardwise.local.kinesis.internal.Resharding;
import dev.shardwise.local.kinesis.internal.ShardIterators;
import dev.shardwise.local.kinesis.internal.Streams;
import dev.shardwise.local.metrics.MetricSink;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.JsonService;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The local Kinesis Data Streams endpoint ({@code Kinesis_20131202}), registered on a {@link
 * dev.shardwise.local.server.LocalServer}. Streams, shards, sequence numbers and records persist
 * under {@code <data-dir>/.kinesis/} and survive a restart. Per-shard throughput limits are on by
 * default ({@link KinesisLimits}); {@link #faults()} injects failures for tests.
 *
 * <p>Thread-safe: calls from many server threads run concurrently; records of one shard keep the
 * order in which their calls were served. {@link #close()} closes the shard logs.
 */
public final class KinesisService implements JsonService, AutoCloseable {
  private final Streams streams;
  private final ControlPlane control;
  private final Resharding resharding;
  private final DataPlane data;
  private final KinesisFaults faults;

  /**
   * Opens the service, replaying any state under {@code dataDir/.kinesis}.
   *
   * @param config settings
   * @param dataDir the local runtime's data directory
   * @param clock time of arrivals, iterator expiry, throughput buckets, status changes
   * @param random seeds the iterator signing key and fault decisions
   */
  public KinesisService(
      KinesisConfig config, Path dataDir, InstantSource clock, RandomGenerator random) {
    this(
        config,
        dataDir,
        clock,
        random,
        d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
  }

  /** As above, with the sleeper that fault delays use. */
  public KinesisService(
      KinesisConfig config,
      Path dataDir,
      InstantSource clock,
      RandomGenerator random,
      KinesisFaults.Sleeper sleeper) {
    this(config, dataDir, clock, random, sleeper, MetricSink.NONE);
  }

  /**
   * As above, publishing the stream metrics Kinesis publishes in {@code AWS/Kinesis} (dimension
   * {@code StreamName}) to {@code metrics}: {@code IncomingRecords}, {@code IncomingBytes}, {@code
   * WriteProvisionedThroughputExceeded} per put call, {@code GetRecords.Records} and {@code
   * GetRecords.IteratorAgeMilliseconds} (the age of the last record returned, 0 when none) per
   * GetRecords call.
   */
  public KinesisService(
      KinesisConfig config,
      Path dataDir,
      InstantSource clock,
      RandomGenerator random,
      KinesisFaults.Sleeper sleeper,
      MetricSink metrics) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.streams = new Streams(dataDir, config, clock.millis());
    this.faults = new KinesisFaults(random, sleeper);
    this.control = new ControlPlane(streams, config, clock);
    this.resharding = new Resharding(streams, control, config, clock);
    this.data =
        new DataPlane(
            streams, config, clock, new ShardIterators(key), faults::entryFailure, metrics);
  }

  @Override
  public String targetPrefix() {
    return "Kinesis_20131202";
  }

  /** PutRecords may carry 5 MiB of records, base64-inflated in JSON, plus structure. */
  @Override
  public int maxRequestBytes() {
    return 8 * 1024 * 1024;
  }

  /** Fault hooks for tests. */
  public KinesisFaults faults() {
    return faults;
  }

  @Override
  public ObjectNode handle(JsonRequest req) throws AwsServiceException {
    String op = req.operation();
    faults.beforeCall(op, String.valueOf(req.body().path("StreamName").asText("")));
    return switch (op) {
      case "PutRecord" -> data.putRecord(req);
      case "PutRecords" -> data.putRecords(req);
      case "GetShardIterator" -> data.getShardIterator(req);
      case "GetRecords" -> data.getRecords(req);
      case "CreateStream" -> control.createStream(req);
      case "DeleteStream" -> control.deleteStream(req);
      case "ListStreams" -> control.listStreams(req);
      case "DescribeStream" -> control.describeStream(req);
      case "DescribeStreamSummary" -> control.describeStreamSummary(req);
      case "ListShards" -> control.listShards(req);
      case "AddTagsToStream" -> control.addTags(req);
      case "RemoveTagsFromStream" -> control.removeTags(req);
      case "ListTagsForStream" -> control.listTags(req);
      case "DescribeLimits" -> control.describeLimits(req);
      case "ListStreamConsumers" -> control.listStreamConsumers(req);
      case "SplitShard" -> resharding.splitShard(req);
      case "MergeShards" -> resharding.mergeShards(req);
      case "UpdateShardCount" -> resharding.updateShardCount(req);
      case "IncreaseStreamRetentionPeriod" -> resharding.changeRetention(req, true);
      case "DecreaseStreamRetentionPeriod" -> resharding.changeRetention(req, false);
      default -> throw AwsServiceException.unknownOperation(targetPrefix() + "." + op);
    };
  }

  @Override
  public void close() {
    streams.close();
  }
}
