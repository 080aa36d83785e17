package dev.shardwise.local;

import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.definitions.EventSourceMappingDefinition;
import dev.shardwise.local.alarms.AlarmRuntime;
import dev.shardwise.local.alarms.AlarmSettings;
import dev.shardwise.local.athena.AthenaConfig;
import dev.shardwise.local.athena.AthenaService;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.EventSourceMappingConfig;
import dev.shardwise.local.esm.LocalFunction;
import dev.shardwise.local.esm.MappingSettings;
import dev.shardwise.local.firehose.FirehoseConfig;
import dev.shardwise.local.firehose.FirehoseMetrics;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.metrics.EmfIngest;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.s3.S3RestService;
import dev.shardwise.local.server.LocalServer;
import dev.shardwise.local.sqs.SqsQueryProtocol;
import dev.shardwise.local.sqs.SqsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The local AWS endpoints composed on one server and one data directory: what {@code shardwise
 * local} and {@code shardwise demo} run, and what integration tests start.
 *
 * <p>The services publish their CloudWatch metrics to one {@link MetricStore} ({@link #metrics()},
 * persisted under {@code .metrics/}), and the shared alarm specification is evaluated over it once
 * a minute ({@link #alarms()}, journaled under {@code .alarms/}; settings {@code alarms}, {@code
 * alarms.webhook}, {@code alarms.tick-seconds}).
 *
 * <p>The local Firehose ({@link #firehose()}, docs/local-firehose.md) answers on the same endpoint
 * unless started with {@code firehose=off}; it has no delivery streams until they are created
 * ({@code PipelineResources} creates the shipped ones), ticks every {@link
 * FirehoseConfig#suggestedTickInterval()} on its own thread, publishes {@code AWS/Firehose} metrics
 * into {@link #metrics()}, and delivers everything it buffers when the runtime closes. Its other
 * settings are {@link FirehoseConfig#fromMap}'s {@code firehose.*} keys.
 *
 * <p>Lifecycle: {@link #start} opens every service (replaying what the data directory holds) and
 * starts listening; {@link #close} stops the event source mappings, then flushes and closes the
 * Firehose (it still reads its Kinesis sources through the endpoint), then stops listening and
 * closes the other services in reverse order, so no request reaches a closed service, then
 * evaluates the alarms a last time and flushes the metrics. Not restartable: start a new one on the
 * same data directory to resume.
 */
public final class LocalRuntime implements AutoCloseable {
  /** The archive bucket the Glue tables of the local Athena read (docs/architecture.md). */
  public static final String ARCHIVE_BUCKET = "shardwise-archive";

  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  private final LocalSettings settings;
  private final LocalServer server;
  private final KinesisService kinesis;
  private final FileObjectStore s3;
  private final AthenaService athena;
  private final SqsService sqs;
  private final InstantSource clock;
  private final EmfIngest emf;
  private final List<EventSourceMapping> mappings = new ArrayList<>();
  private KinesisClient mappingKinesis;
  private final MetricStore metrics;
  private final AlarmSettings alarmSettings;
  private final AlarmRuntime alarms;
  private final ScheduledExecutorService alarmTicks;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private FirehoseService firehose;
  private KinesisClient firehoseKinesis;
  private ScheduledExecutorService firehoseTicks;
  private ExecutorService firehoseDelivery;

  private LocalRuntime(LocalSettings settings, InstantSource clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
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
    this.sqs = new SqsService(settings.dataDir(), clock, metrics);
    this.emf = new EmfIngest(metrics);
    this.server =
        LocalServer.builder()
            .bindAddress(settings.bindAddress())
            .port(settings.port())
            .build()
            .register(kinesis)
            .register(athena)
            .register(sqs)
            .rest("sqs", new SqsQueryProtocol(sqs))
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
    try {
      runtime.startFirehose();
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    if (runtime.alarms != null) {
      runtime.alarms.start(runtime.alarmTicks, runtime.alarmSettings.tick());
    }
    return runtime;
  }

  /** The setting that turns the local Firehose off ({@code firehose=off}). */
  public static final String FIREHOSE_SETTING = "firehose";

  private void startFirehose() {
    String on = settings.options().getOrDefault(FIREHOSE_SETTING, "on").trim();
    if (on.equalsIgnoreCase("off")) {
      return;
    }
    if (!on.equalsIgnoreCase("on")) {
      throw new IllegalArgumentException(FIREHOSE_SETTING + " must be on or off, was '" + on + "'");
    }
    FirehoseConfig config = FirehoseConfig.fromMap(settings.options());
    firehoseKinesis = sdkKinesis();
    firehoseDelivery = Executors.newSingleThreadExecutor(daemon("shardwise-firehose-delivery"));
    firehose =
        FirehoseService.builder()
            .config(config)
            .dataDir(settings.dataDir())
            .store(s3)
            .clock(clock)
            .random(new SplittableRandom(new SecureRandom().nextLong()))
            .schemas(athena.tableSchemas())
            .metrics(FirehoseMetrics.to(metrics))
            .kinesis(firehoseKinesis)
            .deliveryExecutor(firehoseDelivery)
            .build();
    server.register(firehose);
    firehoseTicks = Executors.newSingleThreadScheduledExecutor(daemon("shardwise-firehose-tick"));
    long tick = config.suggestedTickInterval().toMillis();
    FirehoseService f = firehose;
    firehoseTicks.scheduleWithFixedDelay(
        () -> {
          try {
            f.tick();
          } catch (RuntimeException e) {
            LOG.error("local firehose tick failed", e);
          }
        },
        tick,
        tick,
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The local Firehose on this runtime's endpoint, or {@code null} when started with {@code
   * firehose=off}. Delivery streams are created with {@link FirehoseService#create}.
   */
  public FirehoseService firehose() {
    return firehose;
  }

  /**
   * The runtime's clock: every service, the event source mappings and the alarms run on it (and the
   * functions {@code PipelineResources} attaches), so a fast-forwarded clock fast-forwards the run.
   */
  public InstantSource clock() {
    return clock;
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

  /** The local SQS (the event source mappings' on-failure queues). */
  public SqsService sqs() {
    return sqs;
  }

  /** Where the attached functions' log lines go: EMF lines become metrics in {@link #metrics()}. */
  public EmfIngest emf() {
    return emf;
  }

  /**
   * Attaches a function to the shared stream ({@code stream.json}) with a mapping definition (the
   * shape {@code infra} deploys): its pollers start at once and stop with the runtime. The
   * on-failure queue is created if missing; checkpoints persist under {@code
   * .esm/<function>/<stream>/}; the handler's log lines go to {@link #emf()}.
   */
  public EventSourceMapping attachFunction(
      LocalFunction function, EventSourceMappingDefinition mapping) {
    return attachFunction(
        function, MappingSettings.from(mapping), Definitions.stream().streamName(), b -> {});
  }

  /**
   * Attaches a function to a stream with explicit settings; {@code customize} may set more (fault
   * plan, poll interval, clock) on the builder before the mapping starts.
   */
  public synchronized EventSourceMapping attachFunction(
      LocalFunction function,
      MappingSettings mapping,
      String streamName,
      Consumer<EventSourceMappingConfig.Builder> customize) {
    if (closed.get()) {
      throw new IllegalStateException("the local runtime is closed");
    }
    String queue = mapping.onFailureQueue();
    if (queue != null) {
      sqs.createQueue(queue);
    }
    EventSourceMappingConfig.Builder b =
        EventSourceMapping.builder(function, mapping, mappingKinesis(), streamName)
            .stateDir(
                settings
                    .dataDir()
                    .resolve(".esm")
                    .resolve(function.functionName())
                    .resolve(streamName))
            .clock(clock)
            .metrics(metrics)
            .logLines(emf)
            .onFailure(queue == null ? null : json -> sqs.send(queue, json));
    customize.accept(b);
    EventSourceMapping m = b.start();
    mappings.add(m);
    return m;
  }

  private KinesisClient mappingKinesis() {
    if (mappingKinesis == null) {
      mappingKinesis = sdkKinesis();
    }
    return mappingKinesis;
  }

  private KinesisClient sdkKinesis() {
    return sdk(KinesisClient.builder());
  }

  /**
   * A real SDK client of this runtime: the builder given, with the endpoint override, {@code
   * us-east-1}, credentials the local endpoints accept and the URL-connection HTTP client. The
   * caller closes it.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C sdk(B builder) {
    return builder
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
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
    List<Exception> failures = new ArrayList<>();
    List<EventSourceMapping> attached;
    synchronized (this) {
      attached = List.copyOf(mappings);
    }
    for (EventSourceMapping m : attached) {
      try {
        m.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (firehoseTicks != null) {
      firehoseTicks.shutdownNow();
      try {
        firehoseTicks.awaitTermination(30, TimeUnit.SECONDS);
        firehose.close(); // reads the Kinesis sources to their end, delivers every buffer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(e);
      } catch (RuntimeException e) {
        failures.add(e);
      }
      firehoseDelivery.shutdown();
      firehoseKinesis.close();
    }
    if (mappingKinesis != null) {
      mappingKinesis.close();
    }
    server.close();
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
