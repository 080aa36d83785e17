package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.metrics.MetricDatum;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmRuntimeTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:30Z");

  @Test
  void run_printsJournalsAndFlushes_soALaterProcessCanReadIt(@TempDir Path dataDir)
      throws Exception {
    MutableClock clock = new MutableClock(T0);
    MetricStore store = MetricStore.open(dataDir, clock, MetricStore.Config.defaults());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    AlarmSpecification spec = AlarmSpecification.load();
    AlarmRuntime runtime =
        AlarmRuntime.create(
            spec,
            store,
            dataDir,
            clock,
            new PrintStream(console, true, StandardCharsets.UTF_8),
            null);
    MetricKey incoming =
        MetricKey.of("AWS/Kinesis", "IncomingRecords", Map.of("StreamName", "shardwise-events"));

    store.put(MetricDatum.of(incoming, T0, "Count", 500));
    clock.advance(Duration.ofMinutes(2));
    runtime.tick();
    runtime.close();

    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(
            "10:01:00Z OK                shardwise-silence (critical) INSUFFICIENT_DATA -> OK: Threshold Crossed:");
    assertThat(AlarmJournal.readHistory(dataDir))
        .filteredOn(c -> c.alarmName().equals("shardwise-silence"))
        .extracting(StateChange::newState)
        .containsExactly(AlarmState.OK);
    assertThat(AlarmJournal.readStates(dataDir))
        .hasSize(spec.names().size())
        .filteredOn(s -> s.name().equals("shardwise-silence"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo(AlarmState.OK);
              assertThat(s.lastEvaluated()).isEqualTo(Instant.parse("2026-11-22T10:02:00Z"));
            });
    MetricStore reread = MetricStore.open(dataDir, clock, MetricStore.Config.defaults());
    assertThat(reread.keys()).contains(incoming);
  }
}
