package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.AlarmRuntime;
import dev.shardwise.local.metrics.MetricDatum;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlarmCommandsTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** A clock the test moves. */
  static final class StepClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * A run: records flow for 5 minutes, then stop; no consumer runs. The stall alarm fires (input
   * without invocations) and clears once the input stops; the silence alarm fires once the range
   * holds no datapoint (10:12).
   */
  @BeforeEach
  void writeRun() {
    StepClock clock = new StepClock();
    MetricStore store = MetricStore.open(dir, clock, MetricStore.Config.defaults());
    MetricKey incoming =
        MetricKey.of("AWS/Kinesis", "IncomingRecords", Map.of("StreamName", "shardwise-events"));
    try (AlarmRuntime runtime =
        AlarmRuntime.create(AlarmSpecification.load(), store, dir, clock, null, null)) {
      for (int m = 0; m < 14; m++) {
        Instant t = T0.plus(Duration.ofMinutes(m));
        if (m < 5) {
          store.put(MetricDatum.of(incoming, t.plusSeconds(10), "Count", 600));
        }
        clock.now = t.plusSeconds(60);
        runtime.tick();
      }
    }
  }

  private int run(String... args) {
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void alarms_listsStatesAlarmFirst_andTheHistory() {
    int exit = run("alarms", "--data-dir", dir.toString(), "--history", "3");

    assertThat(exit).isZero();
    String text = out.toString();
    assertThat(text).contains("2 in ALARM of " + AlarmSpecification.load().names().size());
    String firstRow =
        text.lines()
            .filter(l -> l.startsWith("ALARM ") || l.startsWith("OK "))
            .findFirst()
            .orElseThrow();
    assertThat(firstRow)
        .startsWith("ALARM")
        .contains("shardwise-silence")
        .contains("critical")
        .contains("2026-11-22 10:12:00Z");
    assertThat(text).contains("State changes (latest 3 of");
    assertThat(text).contains("2026-11-22 10:12:00Z  shardwise-silence");
    assertThat(text).contains("OK -> ALARM");
    assertThat(text).contains("Runbook of an alarm: shardwise alarms --runbook NAME");
  }

  @Test
  void quietPrint_showsOnlyWhatIsNotOk_andFoldsTheFirstEvaluations() throws Exception {
    java.io.StringWriter w = new java.io.StringWriter();

    boolean found = AlarmsCommand.print(new PrintWriter(w), dir, -1, false, true);

    assertThat(found).isTrue();
    String text = w.toString();
    assertThat(text.lines().filter(l -> l.startsWith("OK "))).isEmpty();
    assertThat(text.lines().filter(l -> l.startsWith("ALARM "))).hasSize(2);
    assertThat(text)
        .containsPattern("\\d+ alarms went from INSUFFICIENT_DATA to OK at their first evaluation")
        .contains("OK -> ALARM")
        .doesNotContain("INSUFFICIENT_DATA -> OK");
  }

  @Test
  void alarms_runbook_printsMeaningChecksAndQuery() {
    assertThat(run("alarms", "--runbook", "shardwise-silence")).isZero();
    assertThat(out.toString())
        .contains("shardwise-silence (critical)")
        .contains("What it means:")
        .contains("  3. Run pipeline_freshness")
        .contains("Query that helps:  shardwise query pipeline_freshness");
    assertThat(run("alarms", "--runbook", "nope")).isEqualTo(2);
    assertThat(err.toString()).contains("no alarm named nope");
  }

  @Test
  void alarms_withoutARun_saysWhatToRun(@TempDir Path empty) {
    assertThat(run("alarms", "--data-dir", empty.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("no alarm states under").contains("run `shardwise demo`");
  }

  @Test
  void report_writesOneHtmlFile() throws Exception {
    Path file = dir.resolve("out/r.html");
    assertThat(run("report", "--data-dir", dir.toString(), "--out", file.toString())).isZero();
    assertThat(out.toString()).startsWith("wrote " + file);
    String html = Files.readString(file);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg id=\"throughput\"")
        .contains("shardwise-silence");
  }

  @Test
  void report_badTime_isAMessageNotAStackTrace() {
    assertThat(run("report", "--data-dir", dir.toString(), "--from", "yesterday")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--from must be an ISO-8601 UTC time")
        .doesNotContain("\tat ");
  }
}
