package dev.shardwise.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;

/**
 * A consumer spec for the synthesized test stack while the consumer's definitions have not reached
 * infra: the values are the test's own, and the consumer tests check that whatever the spec says
 * arrives in the template (they read the spec, never repeat these numbers).
 */
final class ConsumerFixture {
  static final int BATCH_SIZE = 500;
  static final int BATCHING_WINDOW_SECONDS = 3;
  static final int TUMBLING_WINDOW_SECONDS = 45;
  static final int RETRIES = 7;
  static final int RECORD_AGE_SECONDS = 3_600;
  static final int PARALLELIZATION = 1;

  private ConsumerFixture() {}

  static ConsumerSpec spec() {
    return new ConsumerSpec(
        "fixture-consumer",
        "dev.example.Handler",
        jar(),
        Map.of("FIXTURE_STATE_PREFIX", "fixture-state/"),
        "FIXTURE_STATE_BUCKET",
        "fixture-state/",
        "fixture-consumer-failures",
        dlq ->
            KinesisEventSourceProps.builder()
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(BATCHING_WINDOW_SECONDS))
                .parallelizationFactor(PARALLELIZATION)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .tumblingWindow(Duration.seconds(TUMBLING_WINDOW_SECONDS))
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(RETRIES)
                .maxRecordAge(Duration.seconds(RECORD_AGE_SECONDS))
                .onFailure(dlq)
                .build());
  }

  /** A small jar standing in for the consumer's (the asset is hashed and copied, not run). */
  private static Path jar() {
    Path jar = Path.of("target", "fixture-consumer.jar");
    try {
      Files.createDirectories(jar.getParent());
      try (OutputStream out = Files.newOutputStream(jar);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("dev/example/Handler.class"));
        zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
