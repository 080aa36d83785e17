package dev.shardwise.local.s3;

import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** A {@link LocalServer} serving S3 over a fresh data directory, and SDK clients for it. */
final class LocalS3 implements AutoCloseable {
  final FileObjectStore store;
  final LocalServer server;

  LocalS3(Path dataDir) throws IOException {
    this.store = new FileObjectStore(dataDir, Clock.systemUTC());
    this.server = LocalServer.builder().port(0).build().rest(new S3RestService(store)).start();
  }

  URI endpoint() {
    return server.endpoint();
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  /** The sync client with the SDK's defaults, path-style, against this server. */
  S3ClientBuilder clientBuilder() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .forcePathStyle(true);
  }

  S3Client client(SdkHttpClient http) {
    return clientBuilder().httpClient(http).build();
  }

  S3AsyncClient asyncClient(boolean multipart) {
    return S3AsyncClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .forcePathStyle(true)
        .multipartEnabled(multipart)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
