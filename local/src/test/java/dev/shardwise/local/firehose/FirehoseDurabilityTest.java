package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged Direct PUT records survive a crash (spill replay) and a clean shutdown (flush). */
class FirehoseDurabilityTest {
  static final String REJECTS = "shardwise-rejects";

  @TempDir Path dir;
  FirehoseFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new FirehoseFixture(dir);
    f.createShipped(REJECTS);
  }

  static List<String> records(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("{\"row_id\":\"r" + i + "\",\"arrival_time\":\"2026-11-21T10:00:00.000Z\"}\n");
    }
    return out;
  }

  List<String> deliveredLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String key : f.keys()) {
      lines.addAll(
          new String(
                  new GZIPInputStream(new ByteArrayInputStream(f.object(key))).readAllBytes(),
                  StandardCharsets.UTF_8)
              .lines()
              .map(l -> l + "\n")
              .toList());
    }
    return lines;
  }

  long spillFiles() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve(".firehose").resolve(REJECTS))) {
      return s.filter(p -> p.toString().endsWith(".spill") && p.toFile().length() > 0).count();
    }
  }

  @Test
  void crashBeforeDelivery_recreatingTheStreamRedeliversEveryAcknowledgedRecord() throws Exception {
    f.put(REJECTS, records(0, 300));
    f.put(REJECTS, records(300, 500));
    assertThat(f.keys()).isEmpty();

    // crash: the service is abandoned without close(); a new process starts on the same data dir
    f.service = f.newService();
    f.createShipped(REJECTS);
    f.put(REJECTS, records(500, 510));
    f.service.flushAll();

    assertThat(deliveredLines()).containsExactlyInAnyOrderElementsOf(records(0, 510));
    assertThat(spillFiles()).isZero();
  }

  @Test
  void crashAfterPartialDelivery_redeliversOnlyWhatWasNotDeliveredWithTheSegment()
      throws Exception {
    f.put(REJECTS, records(0, 100));
    f.service.flushAll(); // delivered: its spill segment is deleted once a new one is opened
    f.put(REJECTS, records(100, 150));

    f.service = f.newService();
    f.createShipped(REJECTS);
    f.service.flushAll();

    List<String> lines = deliveredLines();
    assertThat(lines).containsAll(records(0, 150));
    // at-least-once: a delivered record is repeated only if its segment still held undelivered ones
    assertThat(lines.size()).isBetween(150, 250);
  }

  @Test
  void cleanShutdown_deliversEverythingBufferedAndLeavesNoSpill() throws Exception {
    f.put(REJECTS, records(0, 50));

    f.service.close();

    assertThat(deliveredLines()).containsExactlyElementsOf(records(0, 50));
    assertThat(spillFiles()).isZero();
    f.service = f.newService();
    f.createShipped(REJECTS);
    f.service.flushAll();
    assertThat(f.keys()).hasSize(1);
  }

  @Test
  void failedDelivery_isKeptWholeAndRetried() throws Exception {
    f.put(REJECTS, records(0, 20));
    Files.delete(dir.resolve(FirehoseFixture.BUCKET)); // S3 answers NoSuchBucket

    assertThat(f.service.flushAll()).isFalse();
    assertThat(f.metrics).contains(REJECTS + " DeliveryToS3.Success 0.0");

    f.store.ensureBucket(FirehoseFixture.BUCKET);
    f.service.tick();
    f.service.flushAll();
    assertThat(deliveredLines()).containsExactlyElementsOf(records(0, 20));
  }
}
