package dev.shardwise.producer;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * Builds the async Kinesis client a {@link KinesisPublisher} needs, configured explicitly: Netty
 * HTTP client with enough connections for the requests in flight, explicit timeouts, and the SDK's
 * own retries reduced to one attempt, because the publisher retries only the failed entries itself
 * (SDK retries would re-send a whole batch, successful entries included). The caller owns and
 * closes the client.
 *
 * <p>Why async: the publisher keeps one PutRecords in flight per shard; the async client does that
 * from one I/O thread over a connection pool, where a sync client would need a thread per shard.
 */
public final class KinesisClients {
  private KinesisClients() {}

  /**
   * A client for a local endpoint ({@code http://127.0.0.1:4566}): endpoint override, region
   * us-east-1, static dummy credentials (the local server ignores them).
   */
  public static KinesisAsyncClient local(URI endpoint, int maxConnections) {
    return base(maxConnections)
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  /** A client for AWS with the standard credential and region provider chains. */
  public static KinesisAsyncClient standard(int maxConnections) {
    return base(maxConnections).build();
  }

  /** {@link #local} when {@code endpoint} is set, else {@link #standard}. */
  public static KinesisAsyncClient of(URI endpoint, int maxConnections) {
    return endpoint == null ? standard(maxConnections) : local(endpoint, maxConnections);
  }

  private static KinesisAsyncClientBuilder base(int maxConnections) {
    return KinesisAsyncClient.builder()
        .httpClientBuilder(
            NettyNioAsyncHttpClient.builder()
                // PutRecords and ListShards need no HTTP/2 (only SubscribeToShard does); the
                // local endpoint speaks HTTP/1.1
                .protocol(Protocol.HTTP1_1)
                .maxConcurrency(Math.max(2, maxConnections))
                .connectionTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .build());
  }
}
