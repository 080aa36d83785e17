package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void theRunStartsAtTheNextWindowStart_soTheConsumersWindowsAreTheSimulators() {
    Duration ten = Duration.ofSeconds(10);
    assertThat(DemoCommand.nextWindowStart(Instant.parse("2026-12-06T06:44:10.038Z"), ten))
        .isEqualTo(Instant.parse("2026-12-06T06:44:20Z"));
    assertThat(DemoCommand.nextWindowStart(Instant.parse("2026-12-06T06:44:20Z"), ten))
        .isEqualTo(Instant.parse("2026-12-06T06:44:20Z"));
    assertThat(
            DemoCommand.nextWindowStart(
                Instant.parse("2026-12-06T06:44:20.001Z"), Duration.ofSeconds(15)))
        .isEqualTo(Instant.parse("2026-12-06T06:44:30Z"));
  }

  @Test
  void badFlags_exit2_withTheFlagNamed_beforeAnythingStarts() {
    assertThat(run("demo", "--rate=0", "--data-dir=" + dir.resolve("a")))
        .satisfies(r -> assertThat(r[0]).isEqualTo("2"))
        .satisfies(r -> assertThat(r[2]).contains("--rate: must be 1-1000000, was 0"));
    assertThat(run("demo", "--anomalies=bogus", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--anomalies: unknown anomaly 'bogus'");
    assertThat(run("demo", "--duration=1m", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--anomalies: need a --duration of at least 2m");
    assertThat(run("demo", "--faults=late=2", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--faults: ");
    assertThat(run("demo", "--shards=0", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--shards: must be 1-64, was 0");
    assertThat(run("demo", "--duration=soon", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--duration");
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void badWindowOrWarmUp_exit2_withTheFlagNamed() {
    assertThat(run("demo", "--window=0s", "--data-dir=" + dir.resolve("a")))
        .satisfies(r -> assertThat(r[0]).isEqualTo("2"))
        .satisfies(r -> assertThat(r[2]).contains("--window: must be whole seconds, 1s-900s"));
    assertThat(run("demo", "--window=1500ms", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--window: must be whole seconds");
    assertThat(run("demo", "--window=16m", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--window: must be whole seconds, 1s-900s");
    assertThat(run("demo", "--warmup=0", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--warmup: must be 1-1000 windows, was 0");
    assertThat(run("demo", "--warmup=9", "--data-dir=" + dir.resolve("a"))[2])
        .contains("--warmup: 9 windows of 10s (+1) leave less than 30s of the --duration 2m");
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void dataDirOfOtherData_isRefused_withTheReason() throws Exception {
    Files.writeString(dir.resolve("precious.txt"), "x");

    String[] r = run("demo", "--data-dir=" + dir);

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("holds data that is not from an earlier demo");
    assertThat(dir.resolve("precious.txt")).exists();
  }

  @Test
  void prepare_newOrEmptyIsUsed_anEarlierDemoIsCleared() throws Exception {
    assertThat(DemoCommand.prepare(dir.resolve("new"))).isFalse();
    assertThat(DemoCommand.prepare(dir)).isFalse();

    Files.writeString(dir.resolve(DemoCommand.MARKER), "");
    Files.createDirectories(dir.resolve("shardwise-archive/events"));
    Files.writeString(dir.resolve("shardwise-archive/events/f.parquet"), "x");

    assertThat(DemoCommand.prepare(dir)).isTrue();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void human_durations() {
    assertThat(DemoCommand.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(DemoCommand.human(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(DemoCommand.human(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(DemoCommand.human(Duration.ofSeconds(3610))).isEqualTo("1h00m10s");
  }
}
