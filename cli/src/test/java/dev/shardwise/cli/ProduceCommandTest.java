package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ProduceCommandTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate|0|--rate",
        "--duration|10|--duration",
        "--duration|soon|--duration",
        "--devices|1|--devices",
        "--faults|bogus=1|--faults",
        "--anomalies|page_boom=1|--anomalies",
        "--start|yesterday|--start",
        "--publisher|linger=fast|linger",
        "--stream|bad name|stream"
      })
  void badFlagValue_failsAtStart_namingTheFlag_withoutAStackTrace(
      String flag, String value, String named) {
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("produce", "--endpoint-url", "http://127.0.0.1:9", flag, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(named).doesNotContain("\tat ");
  }
}
