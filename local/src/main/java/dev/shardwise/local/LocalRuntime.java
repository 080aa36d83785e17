package dev.shardwise.local;

import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.local.alarms.AlarmRuntime;
import dev.shardwise.local.alarms.AlarmSettings;
import dev.shardwise.local.athena.AthenaConfig;
import dev.shardwise.local.athena.AthenaService;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.S3RestService;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local AWS endpoints composed on one server and one data directory: what {@code shardwise
 * local} and {@code shardwise demo} run, and what integration tests start.
 *
 * <p>The services publish their CloudWatch metrics to one {@link MetricStore} ({@link #metrics()},
 * persisted under {@code .metrics/}), and the shared alarm specification is evaluated over it once
 * a minute ({@link #alarms()}, journaled under {@code .alarms/}; settings {@code alarms}, {@code
 * alarms.webhook}, {@code alarms.tick-seconds}).
 *
 * <p>Lifecycle: {@link #start} opens every service (replaying what the data directory holds) and
 * starts listening; {@link #close} stops listening first, then closes the services in reverse
 * order, so no request reaches a closed service, then evaluates the alarms a last time and flushes
 * the metrics. Not restartable: start a new one on the same data directory to resume.
 */
public final class LocalRuntime implements AutoCloseable {
  /** The archive bucket the Glue tables of the local Athena read (docs/architecture.md). */
  public static final String ARCHIVE_BUCKET = "shardwise-archive";

  private final LocalSettings settings;
  private final LocalServer server;
  private final KinesisService kinesis;
  private final FileObjectStore s3;
  private final AthenaService athena;
  private final MetricStore metrics;
  private final AlarmSettings alarmSettings;
  private final AlarmRuntime alarms;
  private final ScheduledExecutorService alarmTicks;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalRuntime(LocalSettings settings, InstantSource clock) throws IOException {
    this.settings = settings;
    this.alarmSettings = AlarmSettings.fromMap(settings.options());
    this.s3 = new FileObjectStore(settings.dataDir(), clock);
    this.metrics =
        MetricStore.open(
            settings.dataDir(), clock.withZone(ZoneOffset.UTC), MetricStore.Config.defaults());
    this.kinesis =
        new KinesisService(
            KinesisConfig.fromMap(settings.options()),
            settings.dataDir(),
            clock,
            new SecureRandom(),
            d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
            metrics);
    closeables.add(kinesis);
    this.athena =
        new AthenaService(AthenaConfig.fromMap(settings.options()), s3, clock, new SecureRandom());
    closeables.add(athena);
    athena.install(QueryCatalog.load(), ARCHIVE_BUCKET);
    this.server =
        LocalServer.builder()
            .bindAddress(settings.bindAddress())
            .port(settings.port())
            .build()
            .register(kinesis)
            .register(athena)
            .rest(new S3RestService(s3));
    this.alarms =
        alarmSettings.enabled()
            ? AlarmRuntime.create(
                AlarmSpecification.load(),
                metrics,
                settings.dataDir(),
                clock.withZone(ZoneOffset.UTC),
                null,
                alarmSettings.webhook())
            : null;
    this.alarmTicks =
        alarms == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "shardwise-alarms");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Opens the services on the data directory and starts serving. */
  public static LocalRuntime start(LocalSettings settings, InstantSource clock) throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    LocalRuntime runtime = new LocalRuntime(settings, clock);
    runtime.server.start();
    if (runtime.alarms != null) {
      runtime.alarms.start(runtime.alarmTicks, runtime.alarmSettings.tick());
    }
    return runtime;
  }

  /** The one URL every service answers on, e.g. {@code http://127.0.0.1:4566}. */
  public URI endpoint() {
    return server.endpoint();
  }

  public LocalSettings settings() {
    return settings;
  }

  public LocalServer server() {
    return server;
  }

  public KinesisService kinesis() {
    return kinesis;
  }

  public FileObjectStore s3() {
    return s3;
  }

  /** The local Athena, its catalogue installed over {@link #ARCHIVE_BUCKET}. */
  public AthenaService athena() {
    return athena;
  }

  /** The CloudWatch metrics the services publish (and where EMF lines go). */
  public MetricStore metrics() {
    return metrics;
  }

  /**
   * The alarms evaluated over {@link #metrics()}; add a listener to its engine to see state changes
   * as they happen. {@code null} when started with {@code alarms=off}.
   */
  public AlarmRuntime alarms() {
    return alarms;
  }

  /** Stops serving and closes the services; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.close();
    List<Exception> failures = new ArrayList<>();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (alarms != null) {
      alarmTicks.shutdownNow();
      try {
        alarms.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    try {
      metrics.close();
    } catch (RuntimeException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      UncheckedIOException e =
          new UncheckedIOException(
              new IOException("closing the local runtime failed", failures.get(0)));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }
}
