package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.ConsumerConfig;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the SDK clients once, explicitly: URL-connection HTTP client (fast cold start, no Netty or
 * Apache), region, optional endpoint override, timeouts, credentials from the environment map (what
 * Lambda provides; the local runtime passes its own map). Firehose retries are off (the sink owns
 * its retry budget); S3 and Kinesis ({@code ListShards} only) keep a short standard retry.
 */
public final class AwsClients {
  private AwsClients() {}

  public static SdkHttpClient httpClient(ConsumerConfig c) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(c.httpTimeout())
        .socketTimeout(c.httpTimeout())
        .build();
  }

  /**
   * Static credentials from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code
   * AWS_SESSION_TOKEN} in the map when present (Lambda sets them), the default chain otherwise.
   */
  public static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(
        token == null || token.isBlank()
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, token));
  }

  public static FirehoseClient firehose(
      ConsumerConfig c, SdkHttpClient http, AwsCredentialsProvider credentials) {
    var b =
        FirehoseClient.builder()
            .httpClient(http)
            .region(Region.of(c.region()))
            .credentialsProvider(credentials)
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(c.httpTimeout().multipliedBy(2))
                    .build());
    c.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  public static S3Client s3(
      ConsumerConfig c, SdkHttpClient http, AwsCredentialsProvider credentials) {
    var b =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(c.region()))
            .credentialsProvider(credentials)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            // state objects are small: sign the whole body rather than aws-chunked streaming
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(b2 -> b2.maxAttempts(3))
                    .apiCallTimeout(c.httpTimeout().multipliedBy(3).plus(Duration.ofSeconds(1)))
                    .build());
    c.endpoint()
        .ifPresent(
            uri -> {
              b.endpointOverride(uri);
              b.forcePathStyle(true);
            });
    return b.build();
  }

  /** Kinesis, for {@code ListShards} (a new shard's parents); no KCL. */
  public static KinesisClient kinesis(
      ConsumerConfig c, SdkHttpClient http, AwsCredentialsProvider credentials) {
    var b =
        KinesisClient.builder()
            .httpClient(http)
            .region(Region.of(c.region()))
            .credentialsProvider(credentials)
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(b2 -> b2.maxAttempts(3))
                    .apiCallTimeout(c.httpTimeout().multipliedBy(3).plus(Duration.ofSeconds(1)))
                    .build());
    c.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }
}
