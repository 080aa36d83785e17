package dev.shardwise.local.athena;

import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * A local Athena on a loopback port over a data directory, with the shardwise catalogue installed
 * over bucket {@code shardwise-archive}, and a real SDK client for it. Test fixture.
 */
final class LocalAthena implements AutoCloseable {
  static final String ARCHIVE = "shardwise-archive";

  final FileObjectStore store;
  final AthenaService service;
  final LocalServer server;
  final AthenaClient client;

  LocalAthena(Path dataDir, Instant now) throws IOException {
    this(dataDir, now, AthenaConfig.defaults().withDuckDbThreads(2));
  }

  LocalAthena(Path dataDir, Instant now, AthenaConfig config) throws IOException {
    store = new FileObjectStore(dataDir, Clock.fixed(now, ZoneOffset.UTC));
    store.ensureBucket(ARCHIVE);
    service =
        new AthenaService(config, store, Clock.fixed(now, ZoneOffset.UTC), new SplittableRandom(7));
    service.install(QueryCatalog.load(), ARCHIVE);
    server = LocalServer.builder().port(0).build().register(service).start();
    client = client(server.endpoint());
  }

  static AthenaClient client(URI endpoint) {
    return AthenaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.close();
    service.close();
  }
}
