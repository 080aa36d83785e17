package dev.shardwise.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

@Timeout(60)
class KinesisPublisherTest {
  private final FakeKinesis kinesis = new FakeKinesis();
  private KinesisPublisher publisher;

  @AfterEach
  void closePublisher() {
    if (publisher != null) {
      publisher.close();
    }
  }

  private KinesisPublisher start(PublisherConfig.Builder config) {
    publisher = KinesisPublisher.builder(kinesis, config.build()).build();
    return publisher;
  }

  private static PublisherConfig.Builder config() {
    return PublisherConfig.builder("events").linger(Duration.ZERO);
  }

  private static Event event(String id, String device) {
    return new Event(
        id,
        EventType.PAGE_VIEW,
        Instant.parse("2026-11-21T10:15:30.123Z"),
        device,
        null,
        "/home",
        null,
        "DE",
        120,
        Map.of());
  }

  @Test
  void publish_sendsTheCanonicalJson_underTheDeviceId_andCompletesWithShardAndSequence()
      throws Exception {
    start(config());
    Event e = event("evt-1", "device-7");
    PublishResult result = publisher.publish(e).get(10, TimeUnit.SECONDS);

    assertThat(result.shardId()).isEqualTo("shardId-000000000000");
    assertThat(result.sequenceNumber()).isEqualTo("101");
    assertThat(result.subSequenceNumber()).isEqualTo(-1);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(kinesis.requests)
        .containsExactly(
            PutRecordsRequest.builder()
                .streamName("events")
                .records(
                    PutRecordsRequestEntry.builder()
                        .partitionKey("device-7")
                        .data(SdkBytes.fromByteArray(EventEncoder.encode(e)))
                        .build())
                .build());
    assertThat(kinesis.listShardsRequests).hasSize(1);
    PublisherMetrics m = publisher.metrics();
    assertThat(m.published()).isEqualTo(1);
    assertThat(m.succeeded()).isEqualTo(1);
    assertThat(m.batches()).isEqualTo(1);
    assertThat(m.bytesSent()).isEqualTo(EventEncoder.encode(e).length + "device-7".length());
    assertThat(m.latencyCount()).isEqualTo(1);
  }

  @Test
  void failFast_fullBuffer_failsTheRecordAtOnce() throws Exception {
    kinesis.hold = true;
    start(config().maxBufferedRecords(2).backpressure(Backpressure.FAIL_FAST));
    CompletableFuture<PublishResult> a = publisher.publish("k", bytes("a"));
    CompletableFuture<PublishResult> b = publisher.publish("k", bytes("b"));
    CompletableFuture<PublishResult> c = publisher.publish("k", bytes("c"));

    assertThat(failure(c)).isEqualTo(PublishFailure.BUFFER_FULL);
    kinesis.releaseUntil(() -> a.isDone() && b.isDone());
    assertThat(a.get(10, TimeUnit.SECONDS).shardId()).isEqualTo("shardId-000000000000");
    assertThat(b.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(publisher.metrics().failedByReason()).containsEntry(PublishFailure.BUFFER_FULL, 1L);
  }

  @Test
  void block_waitsForRoom_andFailsAfterTheBlockTimeout() throws Exception {
    kinesis.hold = true;
    start(config().maxBufferedRecords(1).blockTimeout(Duration.ofMillis(50)));
    CompletableFuture<PublishResult> a = publisher.publish("k", bytes("a"));
    long t0 = System.nanoTime();
    CompletableFuture<PublishResult> timedOut = publisher.publish("k", bytes("b"));
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(failure(timedOut)).isEqualTo(PublishFailure.BUFFER_FULL);

    kinesis.releaseUntil(a::isDone);
    assertThat(a.get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void block_goesOnAsSoonAsARecordCompletes() throws Exception {
    kinesis.hold = true;
    start(config().maxBufferedRecords(1).blockTimeout(Duration.ofSeconds(30)));
    CompletableFuture<PublishResult> a = publisher.publish("k", bytes("a"));
    CompletableFuture<CompletableFuture<PublishResult>> blocked =
        CompletableFuture.supplyAsync(() -> publisher.publish("k", bytes("c")));
    kinesis.releaseUntil(() -> a.isDone() && blocked.isDone() && blocked.join().isDone());
    assertThat(a.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(blocked.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void close_failsWhatCouldNotBeSent_andReportsIt_everyFutureCompletes() throws Exception {
    kinesis.hold = true;
    start(
        config()
            .linger(Duration.ofSeconds(30))
            .recordTtl(Duration.ofMinutes(1))
            .maxBatchRecords(1));
    CompletableFuture<PublishResult> inFlight = publisher.publish("k", bytes("a"));
    CompletableFuture<PublishResult> queued = publisher.publish("k", bytes("b"));

    DrainReport report = publisher.close(Duration.ofMillis(50));

    assertThat(report.drained()).isFalse();
    assertThat(report.undelivered())
        .extracting(DrainReport.Undelivered::failure)
        .containsExactlyInAnyOrder(PublishFailure.CLOSED_IN_FLIGHT, PublishFailure.CLOSED);
    assertThat(failure(inFlight)).isEqualTo(PublishFailure.CLOSED_IN_FLIGHT);
    assertThat(failure(queued)).isEqualTo(PublishFailure.CLOSED);
    assertThat(failure(publisher.publish("k", bytes("late")))).isEqualTo(PublishFailure.CLOSED);
    assertThat(publisher.close(Duration.ZERO)).isSameAs(report);
  }

  @Test
  void flush_sendsLingeringRecords_andWaitsForThem() throws Exception {
    start(config().linger(Duration.ofHours(1)).recordTtl(Duration.ofHours(2)));
    List<CompletableFuture<PublishResult>> futures =
        List.of(publisher.publish("a", bytes("1")), publisher.publish("b", bytes("2")));
    DrainReport report = publisher.flush(Duration.ofSeconds(10));
    assertThat(report.drained()).isTrue();
    assertThat(report.outstanding()).isZero();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  /**
   * Eight threads publish into a small blocking buffer while another flushes over and over and the
   * test closes the publisher halfway: every future completes, only with success or a close
   * failure; each success was sent exactly once and no two share a result; nothing closed was sent;
   * the counters add up and the buffer ends empty.
   */
  @ParameterizedTest(name = "aggregation {0}")
  @ValueSource(booleans = {false, true})
  void manyThreadsPublishing_whileFlushAndCloseRun_everyRecordCompletesOnce_noneLostOrSentTwice(
      boolean aggregation) throws Exception {
    kinesis.answerDelayMicros = 2000;
    start(
        config()
            .aggregation(aggregation)
            .shardRecordsPerSecond(0) // no local rate limit: the fake shard takes any rate
            .shardBytesPerSecond(0)
            .linger(Duration.ofMillis(2))
            .maxBufferedRecords(300)
            .blockTimeout(Duration.ofSeconds(30))
            .recordTtl(Duration.ofMinutes(1)));
    int threads = 8;
    int perThread = 3000;
    List<List<CompletableFuture<PublishResult>>> futures = new ArrayList<>();
    List<Thread> publishers = new ArrayList<>();
    AtomicInteger published = new AtomicInteger();
    CountDownLatch halfway = new CountDownLatch(threads * perThread / 2);
    for (int t = 0; t < threads; t++) {
      List<CompletableFuture<PublishResult>> mine = new ArrayList<>(perThread);
      futures.add(mine);
      int id = t;
      Thread p =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  mine.add(publisher.publish("k" + id + "-" + (i % 37), bytes(id + ":" + i)));
                  published.incrementAndGet();
                  halfway.countDown();
                }
              });
      p.start();
      publishers.add(p);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger flushes = new AtomicInteger();
    Thread flusher =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  publisher.flush(Duration.ofMillis(20));
                  flushes.incrementAndGet();
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    flusher.start();
    halfway.await();
    DrainReport report = publisher.close(Duration.ofMillis(200));
    for (Thread p : publishers) {
      p.join();
    }
    stop.set(true);
    flusher.join();

    // what Kinesis received: payload -> times, and the (sequence, sub-sequence) pairs it answered
    Map<String, Integer> sent = new HashMap<>();
    for (PutRecordsRequest request : kinesis.requests) {
      for (PutRecordsRequestEntry entry : request.records()) {
        Deaggregated d =
            KplDecoder.deaggregate(
                entry.data().asByteArray(), entry.partitionKey(), entry.explicitHashKey());
        assertThat(d).isInstanceOf(Deaggregated.Records.class);
        for (UserRecord u : ((Deaggregated.Records) d).records()) {
          sent.merge(new String(u.data(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
      }
    }
    Map<PublishFailure, Integer> failures = new EnumMap<>(PublishFailure.class);
    Set<String> results = new HashSet<>();
    int succeeded = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        CompletableFuture<PublishResult> f = futures.get(t).get(i);
        String payload = t + ":" + i;
        assertThat(f.handle((r, e) -> true)).as(payload).succeedsWithin(Duration.ofSeconds(10));
        if (f.isCompletedExceptionally()) {
          PublishFailure why = failure(f);
          failures.merge(why, 1, Integer::sum);
          if (why == PublishFailure.CLOSED) {
            assertThat(sent)
                .as("closed before it was sent: %s", payload)
                .doesNotContainKey(payload);
          } else {
            assertThat(why).as(payload).isEqualTo(PublishFailure.CLOSED_IN_FLIGHT);
          }
          continue;
        }
        succeeded++;
        PublishResult r = f.join();
        assertThat(sent.get(payload)).as("times %s was sent", payload).isEqualTo(1);
        assertThat(results.add(r.sequenceNumber() + "/" + r.subSequenceNumber()))
            .as("%s has a result of its own", payload)
            .isTrue();
      }
    }
    assertThat(sent.values()).as("no payload sent twice").allMatch(n -> n == 1);
    assertThat(published.get()).isEqualTo(threads * perThread);
    assertThat(succeeded).as("sent before the close").isGreaterThan(0);
    assertThat(failures).as("published after the close").containsKey(PublishFailure.CLOSED);
    assertThat(flushes.get()).isGreaterThan(0);
    PublisherMetrics m = publisher.metrics();
    assertThat(m.published()).isEqualTo(threads * perThread);
    assertThat(m.succeeded()).isEqualTo(succeeded);
    assertThat(m.succeeded() + m.failed())
        .as("every record completed once")
        .isEqualTo(m.published());
    assertThat(m.buffered()).isZero();
    assertThat(report.undelivered())
        .filteredOn(u -> u.failure() == PublishFailure.CLOSED_IN_FLIGHT)
        .hasSize(failures.getOrDefault(PublishFailure.CLOSED_IN_FLIGHT, 0));
    assertThat(report.undelivered().size())
        .isLessThanOrEqualTo(
            failures.getOrDefault(PublishFailure.CLOSED_IN_FLIGHT, 0)
                + failures.getOrDefault(PublishFailure.CLOSED, 0));
  }

  @Test
  void invalidRecords_failAtOnce_withoutASend() throws Exception {
    start(config());
    assertThat(failure(publisher.publish("", bytes("x")))).isEqualTo(PublishFailure.INVALID_RECORD);
    assertThat(failure(publisher.publish("k", new byte[1024 * 1024])))
        .isEqualTo(PublishFailure.INVALID_RECORD);
    assertThat(kinesis.requests).isEmpty();
  }

  @Test
  void anEventTheEncoderRefuses_failsItsFuture_publishDoesNotThrow() throws Exception {
    publisher =
        KinesisPublisher.builder(kinesis, config().build())
            .encoder(
                e -> {
                  throw new IllegalArgumentException("metric 'x' is NaN");
                })
            .build();
    CompletableFuture<PublishResult> f = publisher.publish(event("evt-9", "device-1"));
    assertThat(failure(f)).isEqualTo(PublishFailure.INVALID_RECORD);
    assertThat(kinesis.requests).isEmpty();
  }

  @Test
  void build_withoutTheStream_failsNamingIt() {
    kinesis.listShards =
        r ->
            CompletableFuture.failedFuture(
                ResourceNotFoundException.builder().message("Stream events not found").build());
    assertThatThrownBy(() -> start(config()))
        .isInstanceOf(PublisherStartException.class)
        .hasMessageContaining("'events'")
        .hasMessageContaining("not found");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static PublishFailure failure(CompletableFuture<PublishResult> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return ((PublishException) e.getCause()).failure();
    }
    throw new AssertionError("expected a failure, got success");
  }
}
