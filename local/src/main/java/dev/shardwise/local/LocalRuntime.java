package dev.shardwise.local;

import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.S3RestService;
import dev.shardwise.local.server.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local AWS endpoints composed on one server and one data directory: what {@code shardwise
 * local} and {@code shardwise demo} run, and what integration tests start.
 *
 * <p>Lifecycle: {@link #start} opens every service (replaying what the data directory holds) and
 * starts listening; {@link #close} stops listening first, then closes the services in reverse
 * order, so no request reaches a closed service. Not restartable: start a new one on the same data
 * directory to resume.
 */
public final class LocalRuntime implements AutoCloseable {
  private final LocalSettings settings;
  private final LocalServer server;
  private final KinesisService kinesis;
  private final FileObjectStore s3;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalRuntime(LocalSettings settings, InstantSource clock) throws IOException {
    this.settings = settings;
    this.s3 = new FileObjectStore(settings.dataDir(), clock);
    this.kinesis =
        new KinesisService(
            KinesisConfig.fromMap(settings.options()),
            settings.dataDir(),
            clock,
            new SecureRandom());
    closeables.add(kinesis);
    this.server =
        LocalServer.builder()
            .bindAddress(settings.bindAddress())
            .port(settings.port())
            .build()
            .register(kinesis)
            .rest(new S3RestService(s3));
  }

  /** Opens the services on the data directory and starts serving. */
  public static LocalRuntime start(LocalSettings settings, InstantSource clock) throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    LocalRuntime runtime = new LocalRuntime(settings, clock);
    runtime.server.start();
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
    if (!failures.isEmpty()) {
      UncheckedIOException e =
          new UncheckedIOException(
              new IOException("closing the local runtime failed", failures.get(0)));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }
}
