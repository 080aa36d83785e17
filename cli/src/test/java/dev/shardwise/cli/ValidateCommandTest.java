package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

  private static final Path SAMPLE = Path.of("..", "examples", "events-sample.jsonl");
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shippedSample_hasTwelveValidEvents_andOneRejectPerReason_andExitsOne() {
    // the public entry point, as ./shardwise runs it: the arrival time comes from the option
    int exit = run(null, "validate", SAMPLE.toString(), "--arrival-time", "2026-11-21T12:00:00Z");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("20 events, 12 valid, 8 rejected")
        .contains("(event times judged against the arrival time 2026-11-21T12:00:00Z)")
        .containsPattern("valid +12 +60\\.0%")
        .containsPattern("malformed_json +1 ")
        .containsPattern("bad_utf8 +1 ")
        .containsPattern("too_large +1 ")
        .containsPattern("missing_field +1 ")
        .containsPattern("bad_type +1 ")
        .containsPattern("bad_value +1 ")
        .containsPattern("unsupported_schema +1 ")
        .containsPattern("time_out_of_range +1 ")
        .containsPattern("total +20 +100\\.0%")
        .contains("line 18: bad_value: field 'country': 'UK' is not an ISO 3166-1 alpha-2 code");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void reportOnly_exitsZero_evenWithRejects() {
    int exit =
        run(
            NOW,
            "validate",
            SAMPLE.toString(),
            "--arrival-time",
            "2026-11-21T12:00:00Z",
            "--report-only");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("8 rejected");
  }

  @Test
  void allValid_exitsZero_andSkipsBlankAndCrlfLines() throws IOException {
    Path file = dir.resolve("ok.jsonl");
    Files.write(
        file,
        (line(NOW, "a") + "\r\n\r\n   \n" + line(NOW, "b") + "\n")
            .getBytes(StandardCharsets.UTF_8));

    int exit = run(NOW, "validate", file.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("2 events, 2 valid, 0 rejected")
        .contains("2 blank lines skipped");
    assertThat(out.toString()).doesNotContain("rejected lines");
  }

  @Test
  void arrivalTime_defaultsToTheInjectedClock() throws IOException {
    Path file = dir.resolve("week-old.jsonl");
    Files.writeString(file, line(NOW, "a") + "\n");

    int sameDay = run(NOW.plusSeconds(60), "validate", file.toString());
    int eightDaysLater = run(NOW.plus(Duration.ofDays(8)), "validate", file.toString());

    assertThat(sameDay).isZero();
    assertThat(eightDaysLater).isEqualTo(1);
    assertThat(out.toString()).containsPattern("time_out_of_range +1 ");
  }

  @Test
  void missingFile_isOneClearLine_exitTwo() {
    int exit = run(NOW, "validate", dir.resolve("nope.jsonl").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("shardwise: cannot read " + dir.resolve("nope.jsonl") + ": no such file");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void directory_isOneClearLine_exitTwo() {
    int exit = run(NOW, "validate", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("shardwise: cannot read " + dir + ": is a directory");
  }

  @Test
  void badArrivalTime_isAUsageError_notAStackTrace() {
    int exit = run(NOW, "validate", SAMPLE.toString(), "--arrival-time", "yesterday");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("'yesterday' is not an RFC 3339 time such as 2026-11-21T12:00:00Z")
        .doesNotContain("\tat ");
  }

  @Test
  void largeFile_isStreamed_withAnOverlongLineCountedAsTooLarge() throws IOException {
    // GIVEN 20,000 events and one line of 300 KB in the middle
    Path file = dir.resolve("big.jsonl");
    try (OutputStream o = Files.newOutputStream(file)) {
      for (int i = 0; i < 20_000; i++) {
        o.write((line(NOW, "e" + i) + "\n").getBytes(StandardCharsets.UTF_8));
        if (i == 10_000) {
          o.write(("{\"pad\":\"" + "x".repeat(300_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    // WHEN
    int exit = run(NOW, "validate", file.toString(), "--examples", "1");

    // THEN
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("20001 events, 20000 valid, 1 rejected")
        .contains("line 10002: too_large: record is 300010 bytes, at most 65536 allowed");
  }

  @Test
  void help_listsTheOptionsAndExitCodes() {
    int exit = run(NOW, "validate", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--arrival-time=TIME", "--report-only", "--examples=N", "Exit status:");
  }

  /** Runs the command in-process; {@code now == null} uses the public, system-clock entry point. */
  private int run(Instant now, String... args) {
    out.getBuffer().setLength(0);
    CommandLine cli =
        now == null
            ? ShardwiseCommand.commandLine()
            : ShardwiseCommand.commandLine(InstantSource.fixed(now));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String line(Instant time, String id) {
    Event e =
        new Event(
            id,
            EventType.PAGE_VIEW,
            time,
            "device-1",
            null,
            "/",
            null,
            null,
            Event.NO_LOAD_MS,
            null);
    return new String(EventEncoder.encode(e), StandardCharsets.UTF_8);
  }
}
