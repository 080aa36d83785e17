package dev.shardwise.consumer.testing;

import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.internal.AwsClients;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The production client factories pointed at a loopback endpoint, with test credentials. */
public final class TestClients {
  private TestClients() {}

  public static ConsumerConfig config(URI endpoint) {
    return ConsumerConfig.fromEnvironment(
        Map.of(ConsumerConfig.ENDPOINT, endpoint.toString(), ConsumerConfig.HTTP_TIMEOUT, "3s"));
  }

  private static final Map<String, String> CREDENTIALS =
      Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");

  public static FirehoseClient firehose(URI endpoint) {
    ConsumerConfig c = config(endpoint);
    SdkHttpClient http = AwsClients.httpClient(c);
    return AwsClients.firehose(c, http, AwsClients.credentials(CREDENTIALS));
  }

  public static S3Client s3(URI endpoint) {
    ConsumerConfig c = config(endpoint);
    SdkHttpClient http = AwsClients.httpClient(c);
    return AwsClients.s3(c, http, AwsClients.credentials(CREDENTIALS));
  }
}
