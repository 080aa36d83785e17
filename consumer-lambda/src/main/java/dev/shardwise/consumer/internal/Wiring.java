package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.BatchProcessor;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.Detectors;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.sink.FirehoseSink;
import dev.shardwise.consumer.sink.Sleeper;
import dev.shardwise.consumer.state.InheritingStateStore;
import dev.shardwise.consumer.state.KinesisShardLineage;
import dev.shardwise.consumer.state.S3ShardStateStore;
import dev.shardwise.core.detect.DetectorRegistry;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/** Builds the production collaborators once per container. */
public final class Wiring {
  private Wiring() {}

  public static BatchProcessor processor(ConsumerConfig config, Map<String, String> env) {
    return processor(config, env, InstantSource.system());
  }

  /**
   * As {@link #processor(ConsumerConfig, Map)}, on {@code clock} (the time of the EMF metrics); a
   * local runtime on a fast-forwarded clock passes its own.
   */
  public static BatchProcessor processor(
      ConsumerConfig config, Map<String, String> env, InstantSource clock) {
    SdkHttpClient http = AwsClients.httpClient(config);
    AwsCredentialsProvider credentials = AwsClients.credentials(env);
    FirehoseSink sink =
        new FirehoseSink(
            AwsClients.firehose(config, http, credentials),
            config.emitRetry(),
            new SplittableRandom(),
            Sleeper.SYSTEM,
            System::nanoTime);
    S3ShardStateStore store =
        new S3ShardStateStore(
            AwsClients.s3(config, http, credentials), config.stateBucket(), config.statePrefix());
    DetectorRegistry detectors = Detectors.standard(config);
    KinesisShardLineage lineage =
        new KinesisShardLineage(() -> AwsClients.kinesis(config, http, credentials));
    InheritingStateStore inheriting = new InheritingStateStore(store, lineage, detectors);
    return new BatchProcessor(
        config, new KplEventReader(lineage), sink, inheriting, detectors, clock, System::nanoTime);
  }

  /** The stream name to use when an event carries no source ARN (the shipped definition's). */
  public static String defaultStream() {
    return Definitions.stream().streamName();
  }
}
