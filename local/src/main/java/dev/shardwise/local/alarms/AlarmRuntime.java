package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.metrics.MetricStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local alarms of a run: the {@link AlarmEngine} ticking on the injected clock, transitions
 * printed and appended to {@code <data-dir>/.alarms/history.jsonl}, the states snapshot and the
 * metric store flushed after every tick, and optionally a webhook. {@code demo} and {@code local}
 * create one with {@link #create}, {@link #start} it, and {@link #close()} it at the end (which
 * evaluates once more and flushes).
 *
 * <p>A run on a fast-forwarded clock calls {@link #tick()} itself instead of {@link #start}.
 */
public final class AlarmRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlarmRuntime.class);

  private final AlarmEngine engine;
  private final MetricStore store;
  private final AlarmJournal journal;
  private final Clock clock;
  private ScheduledFuture<?> schedule;

  public AlarmRuntime(AlarmEngine engine, MetricStore store, AlarmJournal journal, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.store = Objects.requireNonNull(store, "store");
    this.journal = journal;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (journal != null) {
      engine.addListener(journal);
    }
  }

  /**
   * The usual wiring: the shipped specification evaluated over {@code store}, changes printed to
   * {@code console} (may be {@code null}), journaled under {@code dataDir} and, if {@code webhook}
   * is not {@code null}, POSTed there.
   */
  public static AlarmRuntime create(
      AlarmSpecification spec,
      MetricStore store,
      Path dataDir,
      Clock clock,
      PrintStream console,
      URI webhook) {
    AlarmEngine engine = new AlarmEngine(spec, store, clock.instant());
    if (console != null) {
      engine.addListener(new ConsoleAlarmPrinter(console));
    }
    if (webhook != null) {
      engine.addListener(SnsWebhookNotifier.create(webhook, spec, clock::instant));
    }
    return new AlarmRuntime(engine, store, new AlarmJournal(dataDir), clock);
  }

  public AlarmEngine engine() {
    return engine;
  }

  /** Evaluates every minute boundary passed, then flushes the store and the states snapshot. */
  public void tick() {
    try {
      engine.advanceTo(clock.instant());
      store.flush();
      if (journal != null) {
        journal.writeStates(engine.statuses());
      }
    } catch (RuntimeException e) {
      log.error("alarm evaluation failed; retrying at the next tick", e);
    }
  }

  /** Ticks every {@code every} on {@code scheduler} until {@link #close()}. */
  public synchronized void start(ScheduledExecutorService scheduler, Duration every) {
    if (schedule != null) {
      throw new IllegalStateException("already started");
    }
    schedule =
        scheduler.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
    tick();
  }
}
