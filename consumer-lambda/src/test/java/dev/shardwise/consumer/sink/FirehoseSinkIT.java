package dev.shardwise.consumer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.testing.FakeClock;
import dev.shardwise.consumer.testing.FakeFirehose;
import dev.shardwise.consumer.testing.FakeFirehose.Fault;
import dev.shardwise.consumer.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** The sink through the real SDK client against a fault-injecting Firehose on loopback. */
class FirehoseSinkIT {
  private static final String STREAM = "shardwise-page-views";
  private static final RetryPolicy POLICY =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10));

  private FakeFirehose firehose;
  private FirehoseClient client;
  private FakeClock clock;
  private FirehoseSink sink;

  @BeforeEach
  void start() throws Exception {
    firehose = new FakeFirehose();
    client = TestClients.firehose(firehose.endpoint());
    clock = new FakeClock();
    sink = new FirehoseSink(client, POLICY, new SplittableRandom(7), clock, clock::nanoTime);
  }

  @AfterEach
  void stop() {
    client.close();
    firehose.close();
  }

  private static List<byte[]> rows(int n, int size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String prefix = "{\"i\":" + i + ",\"pad\":\"";
      String row = prefix + "x".repeat(Math.max(0, size - prefix.length() - 3)) + "\"}\n";
      out.add(row.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<String> text(List<byte[]> rows) {
    return rows.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void put_splitsIntoCallsOfAtMost500Records() {
    List<byte[]> rows = rows(1_234, 200);

    int retries = sink.put(STREAM, rows);

    assertThat(retries).isZero();
    assertThat(firehose.batchSizes()).containsExactly(500, 500, 234);
    assertThat(firehose.acceptedText(STREAM)).isEqualTo(text(rows));
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void put_keepsEachCallUnder4MiB() {
    List<byte[]> rows = rows(12, 900 * 1024);

    sink.put(STREAM, rows);

    assertThat(firehose.batchBytes()).allMatch(b -> b <= 4L << 20);
    assertThat(firehose.batchSizes()).containsExactly(4, 4, 4);
    assertThat(firehose.accepted(STREAM)).hasSize(12);
  }

  @Test
  void put_resendsOnlyTheEntriesThatFailed() {
    List<byte[]> rows = rows(10, 100);
    firehose.behave((call, stream, records) -> call == 1 ? Fault.entries(List.of(1, 3, 9)) : null);

    int retries = sink.put(STREAM, rows);

    assertThat(retries).isEqualTo(1);
    assertThat(firehose.batchSizes()).containsExactly(10, 3);
    assertThat(firehose.acceptedText(STREAM))
        .containsExactlyInAnyOrderElementsOf(text(rows))
        .hasSize(10);
    assertThat(clock.sleeps()).hasSize(1);
    assertThat(clock.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
  }

  @Test
  void put_backsOffWithJitter_whileThrottled_thenSucceeds() {
    List<byte[]> rows = rows(3, 100);
    firehose.behave(
        (call, stream, records) ->
            call <= 3 ? Fault.http(500, "ServiceUnavailableException") : null);

    int retries = sink.put(STREAM, rows);

    assertThat(retries).isEqualTo(3);
    assertThat(firehose.accepted(STREAM)).hasSize(3);
    assertThat(clock.sleeps()).hasSize(3);
    assertThat(clock.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThat(clock.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
    assertThat(clock.sleeps().get(2)).isLessThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void put_retriesServerErrors() {
    firehose.behave(
        (call, stream, records) -> call == 1 ? Fault.http(503, "InternalFailure") : null);

    assertThat(sink.put(STREAM, rows(2, 50))).isEqualTo(1);
    assertThat(firehose.accepted(STREAM)).hasSize(2);
  }

  @Test
  void put_givesUpAtTheTimeLimit_namingTheStreamAndFirstUndeliveredRecord() {
    firehose.behave(
        (call, stream, records) ->
            Fault.entries(records.size() == 6 ? List.of(2, 4) : List.of(0, 1)));

    assertThatThrownBy(() -> sink.put(STREAM, rows(6, 100)))
        .isInstanceOfSatisfying(
            EmitFailedException.class,
            e -> {
              assertThat(e.stream()).isEqualTo(STREAM);
              assertThat(e.firstFailedIndex()).isEqualTo(2);
              assertThat(e.failedCount()).isEqualTo(2);
              assertThat(e.retries()).isPositive();
            })
        .hasMessageContaining(STREAM)
        .hasMessageContaining("ServiceUnavailableException");
    assertThat(clock.nanoTime()).isLessThanOrEqualTo(POLICY.maxTotal().toNanos());
    assertThat(firehose.accepted(STREAM)).hasSize(4);
  }

  @Test
  void put_failsAtOnce_whenNoRetryCanHelp() {
    firehose.behave((call, stream, records) -> Fault.http(400, "ResourceNotFoundException"));

    assertThatThrownBy(() -> sink.put("no-such-stream", rows(2, 10)))
        .isInstanceOf(EmitFailedException.class)
        .hasMessageContaining("no-such-stream")
        .hasMessageContaining("ResourceNotFoundException");
    assertThat(firehose.calls()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void put_rejectsARecordOverTheFirehoseLimit() {
    List<byte[]> rows = List.of(new byte[FirehoseSink.MAX_RECORD_BYTES + 1]);

    assertThatThrownBy(() -> sink.put(STREAM, rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024000");
    assertThat(firehose.calls()).isZero();
  }

  @Test
  void put_ofNothing_makesNoCall() {
    assertThat(sink.put(STREAM, List.of())).isZero();
    assertThat(firehose.calls()).isZero();
  }
}
