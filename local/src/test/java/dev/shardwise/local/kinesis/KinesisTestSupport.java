package dev.shardwise.local.kinesis;

import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** A server with our Kinesis on a free loopback port, and SDK clients for it. */
public final class KinesisTestSupport implements AutoCloseable {
  public final KinesisService service;
  public final LocalServer server;

  public KinesisTestSupport(KinesisConfig config, Path dataDir, InstantSource clock)
      throws IOException {
    this.service = new KinesisService(config, dataDir, clock, new SplittableRandom(42));
    this.server = LocalServer.builder().port(0).build().register(service).start();
  }

  public URI endpoint() {
    return server.endpoint();
  }

  /** The real SDK v2 client with its default (CBOR) wire format. */
  public static KinesisClient client(URI endpoint) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public void close() {
    server.close();
    service.close();
  }
}
