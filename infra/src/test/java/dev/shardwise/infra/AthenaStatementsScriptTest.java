package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the deploy-time Athena handler's own tests ({@code src/test/js}, node's test runner). */
class AthenaStatementsScriptTest {
  @Test
  void handlerScript_passesItsNodeTests() throws Exception {
    Process p =
        new ProcessBuilder("node", "--test", "src/test/js/").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("# pass 4", "# fail 0");
  }
}
