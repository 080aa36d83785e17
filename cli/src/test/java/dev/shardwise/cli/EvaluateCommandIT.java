package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandIT {

  @Test
  void aSmallEvaluation_printsEveryKind_andFindsTheStrongBursts() {
    StringWriter out = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit =
        cli.execute(
            "evaluate",
            "--seeds=7",
            "--scales=1",
            "--minutes=24",
            "--rate=100",
            "--devices=300",
            "--threads=1",
            "--anomalies=page_spike=2,page_drop=1,device_outlier=2,device_level_shift=2,device_burst=3");

    String text = out.toString();
    assertThat(exit).as(text).isZero();
    assertThat(text)
        .contains("2 datasets (seeds [7]")
        .contains("NAB standard profile")
        .contains("page_spike")
        .contains("page_drop")
        .contains("device_outlier")
        .contains("device_level_shift")
        .contains("false alarms per 1,000 key-windows");
    assertThat(text).containsPattern("device_burst +20x +3 +1\\.000 +1\\.000 +1\\.000");
  }

  @Test
  void aBadScale_isAUsageErrorNamingTheOption() {
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("evaluate", "--scales=2");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--scales must be in (0, 1]").doesNotContain("\tat ");
  }
}
