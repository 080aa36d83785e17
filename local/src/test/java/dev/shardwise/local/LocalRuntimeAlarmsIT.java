package dev.shardwise.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.alarms.AlarmJournal;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** The runtime's metric store and alarms, driven through the real SDK client. */
class LocalRuntimeAlarmsIT {
  @TempDir Path dataDir;

  @Test
  void sdkWrites_reachTheMetricStore_andTheAlarmsAreJournaled() throws Exception {
    String stream = AlarmSpecification.load().variables().get("StreamName");
    Instant before = Instant.now();
    try (LocalRuntime rt =
            LocalRuntime.start(LocalSettings.forTests(dataDir), InstantSource.system());
        KinesisClient kinesis =
            KinesisClient.builder()
                .endpointOverride(URI.create(rt.endpoint().toString()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      kinesis.createStream(b -> b.streamName(stream).shardCount(1));
      kinesis.putRecords(
          b ->
              b.streamName(stream)
                  .records(
                      PutRecordsRequestEntry.builder()
                          .partitionKey("d1")
                          .data(SdkBytes.fromUtf8String("{}"))
                          .build(),
                      PutRecordsRequestEntry.builder()
                          .partitionKey("d2")
                          .data(SdkBytes.fromUtf8String("{}"))
                          .build()));
      assertThat(rt.alarms()).isNotNull();
    }

    MetricStore back = MetricStore.open(dataDir, Clock.systemUTC(), MetricStore.Config.defaults());
    MetricKey incoming =
        MetricKey.of("AWS/Kinesis", "IncomingRecords", Map.of("StreamName", stream));
    assertThat(
            back.value(
                incoming,
                Statistic.SUM,
                before.minus(Duration.ofMinutes(1)),
                Instant.now().plus(Duration.ofMinutes(1))))
        .hasValue(2);
    assertThat(AlarmJournal.readStates(dataDir)).hasSize(AlarmSpecification.load().names().size());
  }

  @Test
  void badAlarmSetting_failsWithItsKey() {
    LocalSettings settings =
        LocalSettings.forTests(dataDir).withOptions(Map.of("alarms.webhook", "ftp://x/y"));
    assertThatThrownBy(() -> LocalRuntime.start(settings, InstantSource.system()))
        .hasMessageContaining("alarms.webhook must be an http or https URL");
  }
}
