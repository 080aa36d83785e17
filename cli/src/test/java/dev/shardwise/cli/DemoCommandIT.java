package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shardwise demo}, a short run end to end: the verdict passes and the outputs exist. */
class DemoCommandIT {
  @TempDir Path dataDir;

  @Test
  void shortRunWithFaults_passesItsVerdict_printsEverySection_andWritesTheReport()
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "demo",
            "--duration=15s",
            "--rate=200",
            "--devices=100",
            "--anomalies=none",
            "--faults=default",
            "--seed=3",
            "--no-progress",
            "--data-dir=" + dataDir);

    String text = out.toString();
    assertThat(exit).as(text + err).isZero();
    assertThat(text)
        .contains("stream shardwise-events with 2 shards, 4 delivery streams")
        .contains("drained: consumed ")
        .contains("== top_pages")
        .contains("== reject_reasons")
        .contains("malformed_json")
        .contains("== Alarm history")
        .contains("== Verdict")
        .contains("PASS: the views equal the simulator's ground truth exactly")
        .contains("lost 0, double-counted 0")
        .contains("anomalies: 0 injected, 0 detected, 0 matched, 0 unmatched")
        .contains("./shardwise local --data-dir " + dataDir)
        .contains("report.html");
    assertThat(dataDir.resolve("report.html")).isNotEmptyFile();
    assertThat(Files.readString(dataDir.resolve("report.html"))).contains("<svg");
    assertThat(dataDir.resolve("truth.jsonl")).isNotEmptyFile();
    assertThat(dataDir.resolve(DemoCommand.MARKER)).exists();
  }
}
