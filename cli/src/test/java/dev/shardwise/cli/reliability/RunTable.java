package dev.shardwise.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of the suite's runs, rewritten after every run to {@code target/reliability/runs.md}
 * (so a run that fails or hangs still leaves the rows before it).
 */
final class RunTable {
  private final Path file;
  private final List<RunRow> rows = new ArrayList<>();

  RunTable(Path file) {
    this.file = file;
  }

  static RunTable inTarget() {
    return new RunTable(Path.of("target", "reliability", "runs.md"));
  }

  Path file() {
    return file;
  }

  synchronized void add(RunRow row) {
    rows.add(row);
    StringBuilder out = new StringBuilder(RunRow.header()).append('\n');
    for (RunRow r : rows) {
      out.append(r.markdown()).append('\n');
    }
    out.append('\n')
        .append(
            String.format(
                "JDK %s, %d CPUs, %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch")));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          out,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<RunRow> rows() {
    return List.copyOf(rows);
  }
}
