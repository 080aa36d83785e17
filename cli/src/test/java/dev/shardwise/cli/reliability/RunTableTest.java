package dev.shardwise.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTableTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(Seeds.PROPERTY);
  }

  @Test
  void add_rewritesTheWholeTable_afterEveryRun() throws Exception {
    RunTable table = new RunTable(dir.resolve("reliability/runs.md"));

    table.add(row("restart", true));
    table.add(row("mixed", false));

    List<String> lines = Files.readAllLines(table.file());
    assertThat(lines.get(0)).startsWith("| fault kind | seed |");
    assertThat(lines.get(2))
        .isEqualTo(
            "| restart | 7 | restarts 1 | 3,135 | views 0, events 0 | views 0, events 0 | yes"
                + " | 0 (expected 0) | pass | 1.5 s |");
    assertThat(lines.get(3)).contains("| mixed |").endsWith("| FAIL | 1.5 s |");
    assertThat(lines).anyMatch(l -> l.startsWith("JDK "));
  }

  @Test
  void seeds_defaultTwo_andABadValueNamesTheProperty() {
    assertThat(Seeds.fromProperty()).hasSize(2).doesNotHaveDuplicates();

    System.setProperty(Seeds.PROPERTY, "5");
    assertThat(Seeds.fromProperty()).hasSize(5).doesNotHaveDuplicates();

    System.setProperty(Seeds.PROPERTY, "many");
    assertThatThrownBy(Seeds::fromProperty).hasMessageContaining("reliability.seeds");
    System.setProperty(Seeds.PROPERTY, "0");
    assertThatThrownBy(Seeds::fromProperty)
        .hasMessageContaining("reliability.seeds: must be 1-100");
  }

  private static RunRow row(String kind, boolean passed) {
    return new RunRow(
        kind,
        7,
        "restarts 1",
        3135,
        "views 0, events 0",
        "views 0, events 0",
        true,
        "0 (expected 0)",
        passed,
        Duration.ofMillis(1500));
  }
}
