package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCommandTest {

  @Test
  void version_printsTheProjectVersionFromTheBuild() {
    // GIVEN
    StringWriter out = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));

    // WHEN
    int exit = cli.execute("version");

    // THEN
    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("shardwise 0.").doesNotContain("${").contains("java 17");
  }

  @Test
  void unknownCommand_failsWithUsageNotAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("no-such-command");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").doesNotContain("\tat ");
  }
}
