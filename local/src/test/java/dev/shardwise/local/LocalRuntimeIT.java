package dev.shardwise.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

class LocalRuntimeIT {

  @TempDir Path dataDir;

  static KinesisClient kinesis(LocalRuntime rt) {
    return KinesisClient.builder()
        .endpointOverride(rt.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static S3Client s3(LocalRuntime rt) {
    return S3Client.builder()
        .endpointOverride(rt.endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void oneEndpoint_servesKinesisAndS3_andBothSurviveARestart() throws Exception {
    // GIVEN a runtime with a stream holding one record and a bucket holding one object
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt);
        S3Client s = s3(rt)) {
      k.createStream(b -> b.streamName("s").shardCount(1));
      k.putRecord(b -> b.streamName("s").partitionKey("d1").data(SdkBytes.fromUtf8String("hi")));
      s.createBucket(b -> b.bucket("bkt"));
      s.putObject(b -> b.bucket("bkt").key("dir/k.txt"), RequestBody.fromString("hello"));
    }
    assertThat(Files.readString(dataDir.resolve("bkt/dir/k.txt"), StandardCharsets.UTF_8))
        .isEqualTo("hello");

    // WHEN a new runtime starts on the same data directory
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient k = kinesis(rt);
        S3Client s = s3(rt)) {
      // THEN the record and the object are still there
      String shard = k.listShards(b -> b.streamName("s")).shards().get(0).shardId();
      String it =
          k.getShardIterator(
                  b ->
                      b.streamName("s")
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      List<Record> records = k.getRecords(b -> b.shardIterator(it)).records();
      assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactly("hi");
      assertThat(s.getObjectAsBytes(b -> b.bucket("bkt").key("dir/k.txt")).asUtf8String())
          .isEqualTo("hello");
      assertThat(rt.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void badServiceOption_failsAtStartNamingTheKey() {
    LocalSettings settings =
        LocalSettings.forTests(dataDir).withOptions(java.util.Map.of("kinesis.limits", "maybe"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LocalRuntime.start(settings, InstantSource.system()))
        .hasMessageContaining("kinesis.limits");
  }
}
