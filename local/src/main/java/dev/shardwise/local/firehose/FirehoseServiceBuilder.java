package dev.shardwise.local.firehose;

import dev.shardwise.local.firehose.internal.BufferBudget;
import dev.shardwise.local.s3.ObjectStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Collaborators of a {@link FirehoseService}. Required: {@link #dataDir}, {@link #store}, {@link
 * #clock}, {@link #random}. A Kinesis client is needed only for Kinesis-sourced streams; the
 * delivery executor defaults to the calling thread (deterministic tests), the runtime passes a
 * single delivery thread.
 */
public final class FirehoseServiceBuilder {
  private FirehoseConfig config = FirehoseConfig.DEFAULTS;
  private Path dataDir;
  private InstantSource clock;
  private RandomGenerator random;
  private ObjectStore store;
  private TableSchemaResolver schemas = (db, table) -> java.util.Optional.empty();
  private FirehoseMetrics metrics = FirehoseMetrics.NONE;
  private KinesisClient kinesis;
  private Deaggregator deaggregator = KplDeaggregator.INSTANCE;
  private Executor deliveryExecutor = Runnable::run;

  FirehoseServiceBuilder() {}

  public FirehoseServiceBuilder config(FirehoseConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /** The data directory: spill files and checkpoints go to {@code <dataDir>/.firehose/}. */
  public FirehoseServiceBuilder dataDir(Path dataDir) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    return this;
  }

  public FirehoseServiceBuilder clock(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Source of object-name UUIDs, random strings, record ids and injected faults. */
  public FirehoseServiceBuilder random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  public FirehoseServiceBuilder store(ObjectStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  public FirehoseServiceBuilder schemas(TableSchemaResolver schemas) {
    this.schemas = Objects.requireNonNull(schemas, "schemas");
    return this;
  }

  public FirehoseServiceBuilder metrics(FirehoseMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** The client Kinesis-sourced streams read with (any endpoint: the local one or AWS). */
  public FirehoseServiceBuilder kinesis(KinesisClient kinesis) {
    this.kinesis = kinesis;
    return this;
  }

  /** KPL deaggregation of Kinesis records; {@link KplDeaggregator} unless told otherwise. */
  public FirehoseServiceBuilder deaggregator(Deaggregator deaggregator) {
    this.deaggregator = Objects.requireNonNull(deaggregator, "deaggregator");
    return this;
  }

  /** Where buffers are encoded and stored. */
  public FirehoseServiceBuilder deliveryExecutor(Executor executor) {
    this.deliveryExecutor = Objects.requireNonNull(executor, "deliveryExecutor");
    return this;
  }

  public FirehoseService build() {
    Objects.requireNonNull(dataDir, "dataDir is required");
    Objects.requireNonNull(store, "store is required");
    Objects.requireNonNull(clock, "clock is required");
    Objects.requireNonNull(random, "random is required");
    StreamFactory factory =
        new StreamFactory(
            config,
            dataDir,
            clock,
            random,
            store,
            schemas,
            metrics,
            kinesis,
            deaggregator,
            deliveryExecutor,
            new BufferBudget(config.maxBufferedBytes()));
    return new FirehoseService(factory, new FaultInjector(random), new RecordIds(random));
  }
}
