package dev.shardwise.cli;

import dev.shardwise.cli.pipeline.LocalPipeline;
import dev.shardwise.producer.PublisherMetrics;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.Simulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress: a bar on a terminal (like {@code produce}'s), else a plain line every 10 seconds. Shows
 * records produced, consumed, the iterator age, windows emitted, anomalies and alarms.
 */
final class DemoProgress implements AutoCloseable {
  private final LocalPipeline pipeline;
  private final PrintWriter out;
  private final ProgressBar bar;
  private final long expected;
  private final long started = System.nanoTime();
  private final Duration duration;
  private long lastLine = started;
  private boolean closed;

  DemoProgress(LocalPipeline pipeline, PrintWriter out, SimConfig sim, boolean terminal) {
    this.pipeline = pipeline;
    this.out = out;
    this.expected = new Simulator(sim).expectedRecords();
    this.duration = sim.duration();
    this.bar =
        terminal
            ? new ProgressBarBuilder()
                .setTaskName("demo")
                .setInitialMax(expected)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rec", 1)
                .setUpdateIntervalMillis(500)
                .build()
            : null;
  }

  void produced(long published, long completed) {
    boolean line = bar == null && System.nanoTime() - lastLine >= 10_000_000_000L;
    if (bar == null && !line) {
      return;
    }
    LocalPipeline.Status s = pipeline.status();
    String extra =
        String.format(
            Locale.ROOT,
            " consumed %d, iterator age %.1fs, windows %d, anomalies %d, alarms %d%s",
            s.consumed(),
            s.iteratorAgeMs() / 1000.0,
            s.windowsClosed(),
            s.anomalies(),
            s.alarmsInAlarm(),
            throttled());
    if (bar != null) {
      // short: the bar shares one terminal line with it
      bar.maxHint(Math.max(published, expected));
      bar.stepTo(completed);
      bar.setExtraMessage(
          String.format(
              Locale.ROOT,
              " consumed %d, age %.1fs, windows %d, anomalies %d, alarms %d",
              s.consumed(),
              s.iteratorAgeMs() / 1000.0,
              s.windowsClosed(),
              s.anomalies(),
              s.alarmsInAlarm()));
    } else {
      lastLine = System.nanoTime();
      out.printf(
          Locale.ROOT,
          "  %s of %s: produced %d,%s%n",
          DemoCommand.human(Duration.ofNanos(System.nanoTime() - started)),
          DemoCommand.human(duration),
          completed,
          extra);
      out.flush();
    }
  }

  private String throttled() {
    var p = pipeline.publisher();
    if (p == null) {
      return "";
    }
    PublisherMetrics m = p.metrics();
    return m.throttled() == 0 ? "" : ", throttled " + m.throttled();
  }

  void draining() {
    close();
    out.println("  traffic sent; draining: the consumer closes its windows, Firehose flushes...");
    out.flush();
  }

  void done(boolean drained) {
    LocalPipeline.Status s = pipeline.status();
    out.printf(
        Locale.ROOT,
        "  %s: consumed %d records, %d windows emitted, %d function errors (retried),"
            + " %d anomalies, %d alarms in ALARM%n",
        drained ? "drained" : "NOT drained within 3 minutes",
        s.consumed(),
        s.windowsClosed(),
        s.functionErrors(),
        s.anomalies(),
        s.alarmsInAlarm());
    out.flush();
  }

  @Override
  public void close() {
    if (bar != null && !closed) {
      closed = true;
      bar.close();
    }
  }
}
