package dev.shardwise.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opens in headless Chromium (Debian's {@code chromium}, installed by .ci/run) without
 * console errors, and a screenshot is taken: {@code local/target/report-it/report.png}. A control
 * page with a script error proves the console check sees errors.
 */
class ReportChromiumIT {
  static final Path OUT = Paths.get("target", "report-it");

  @Test
  void report_opensInChromiumWithoutConsoleErrors(@TempDir Path dir) throws Exception {
    ReportRuns.writeRun(dir.resolve("data"));
    Files.createDirectories(OUT);
    Path html = OUT.resolve("report.html");
    HtmlReport.write(ReportRuns.load(dir.resolve("data")), html);
    Path png = OUT.resolve("report.png");
    Files.deleteIfExists(png);

    Run run = chromium(html, png, dir.resolve("profile"));

    assertThat(run.exit()).as(run.log()).isZero();
    assertThat(run.consoleLines()).as("console messages of the report").isEmpty();
    byte[] image = Files.readAllBytes(png);
    assertThat(image.length).isGreaterThan(20_000);
    assertThat(new String(image, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void consoleCheck_seesAScriptError(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.html");
    Files.writeString(
        bad, "<!DOCTYPE html><html><body><p>x</p><script>noSuchFunction();</script></body></html>");

    Run run = chromium(bad, dir.resolve("bad.png"), dir.resolve("profile"));

    assertThat(run.consoleLines())
        .anySatisfy(l -> assertThat(l).contains("noSuchFunction is not defined"));
  }

  record Run(int exit, String log, List<String> consoleLines) {}

  /** Headless, no sandbox (CI runs as root), no GPU, no background networking, a fresh profile. */
  static Run chromium(Path page, Path png, Path profile) throws IOException, InterruptedException {
    String binary = System.getenv().getOrDefault("SHARDWISE_CHROMIUM", "/usr/bin/chromium");
    assertThat(Paths.get(binary))
        .as("Debian chromium (apt-get install chromium; .ci/run installs it)")
        .exists();
    Path log = Files.createTempFile("chromium", ".log");
    Process p =
        new ProcessBuilder(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--enable-logging=stderr",
                "--v=0",
                "--hide-scrollbars",
                "--window-size=1040,2300",
                "--screenshot=" + png.toAbsolutePath(),
                page.toAbsolutePath().toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(log));
      }
      String text = Files.readString(log);
      List<String> console = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.contains(":CONSOLE")) {
          console.add(line);
        }
      }
      return new Run(p.exitValue(), text, console);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
