package dev.shardwise.cli.pipeline;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.PipelineResources;
import dev.shardwise.local.alarms.AlarmRuntime;
import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.Progress;
import dev.shardwise.local.metrics.Aggregate;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.producer.KinesisClients;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import dev.shardwise.producer.sim.Simulator;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The whole local pipeline as one object, for the demo, tests and benchmarks: a {@link
 * LocalRuntime} on a data directory with every resource created ({@link PipelineResources}), the
 * simulator sent through the real {@link KinesisPublisher}, a drain, and a {@link Verdict} through
 * the local Athena.
 *
 * <pre>{@code
 * try (LocalPipeline p = LocalPipeline.builder(dataDir).shards(2).start()) {
 *   SimulationRunner.Result produced = p.produce(simConfig, Pacer.realTime(clock), (s, d) -> {});
 *   p.drain(Duration.ofMinutes(2));     // consumer idle, windows closed, Firehose delivered
 *   Verdict v = p.verdict(produced.truth());
 * }
 * }</pre>
 *
 * <p>Time: the runtime, the event source mapping and Firehose run on the injected clock (the system
 * clock by default). Lambda closes a tumbling window at the first poll after its end, so during a
 * run windows close every minute; {@link #drain} closes the last open window as soon as the shards
 * are quiet instead of waiting for its end (docs/esm.md, "Draining"). Event times are the
 * simulator's ({@code SimConfig.start}); give it the current time so that they are close to the
 * arrival times, as from real devices.
 *
 * <p>Not thread-safe: one thread drives it; {@link #close} stops everything (Firehose delivers what
 * it buffered).
 */
public final class LocalPipeline implements AutoCloseable {
  private final LocalRuntime runtime;
  private final PipelineResources resources;
  private final Map<String, String> publisherSettings;
  private final InstantSource clock;
  private final AthenaClient athenaClient;
  private volatile KinesisPublisher publisher;

  private LocalPipeline(
      LocalRuntime runtime,
      PipelineResources resources,
      Map<String, String> publisherSettings,
      InstantSource clock) {
    this.runtime = runtime;
    this.resources = resources;
    this.publisherSettings = publisherSettings;
    this.clock = clock;
    this.athenaClient = runtime.sdk(AthenaClient.builder());
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** How to start a pipeline; everything but the data directory has a default. */
  public static final class Builder {
    private final Path dataDir;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port;
    private final Map<String, String> options = new LinkedHashMap<>();
    private int shards;
    private Consumer<PipelineResources.Builder> resources = b -> {};
    private final Map<String, String> publisherSettings = new LinkedHashMap<>();
    private InstantSource clock = InstantSource.system();

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The port of the endpoint; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bind(InetAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** A runtime setting ({@code kinesis.limits=off}, {@code alarms=off}, ...). */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    public Builder options(Map<String, String> more) {
      options.putAll(more);
      return this;
    }

    /** The stream's shard count; {@code stream.json}'s by default. */
    public Builder shards(int n) {
      this.shards = n;
      return this;
    }

    /** More options of the resources: mapping settings and faults, consumer environment. */
    public Builder resources(Consumer<PipelineResources.Builder> customize) {
      this.resources = Objects.requireNonNull(customize, "customize");
      return this;
    }

    /** A publisher setting (README table), e.g. {@code aggregation=true}. */
    public Builder publisher(String key, String value) {
      publisherSettings.put(key, value);
      return this;
    }

    public Builder publisher(Map<String, String> settings) {
      publisherSettings.putAll(settings);
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the runtime and creates the resources (the consumer starts polling at once).
     *
     * @throws IllegalArgumentException for an invalid setting, naming it
     */
    public LocalPipeline start() throws IOException {
      Map<String, String> publisher = new LinkedHashMap<>(publisherSettings);
      // checked before anything starts, so a bad setting leaves nothing running
      PublisherConfig.fromMap(withStream(publisher, "shardwise-events"));
      LocalRuntime rt = LocalRuntime.start(new LocalSettings(dataDir, bind, port, options), clock);
      try {
        PipelineResources.Builder b = PipelineResources.on(rt);
        if (shards > 0) {
          b.shards(shards);
        }
        resources.accept(b);
        return new LocalPipeline(rt, b.create(), publisher, clock);
      } catch (RuntimeException e) {
        rt.close();
        throw e;
      }
    }
  }

  private static Map<String, String> withStream(Map<String, String> settings, String stream) {
    Map<String, String> m = new LinkedHashMap<>(settings);
    m.putIfAbsent("stream", stream);
    return m;
  }

  public LocalRuntime runtime() {
    return runtime;
  }

  public PipelineResources resources() {
    return resources;
  }

  /** The publisher of the {@link #produce} in progress, or {@code null} (for progress displays). */
  public KinesisPublisher publisher() {
    return publisher;
  }

  /**
   * Sends the simulation through a new publisher into the stream, paced by {@code pacer}, and
   * closes the publisher (waits for every record's outcome).
   *
   * @param progress called on this thread about every 100 ms with (published, completed)
   */
  public SimulationRunner.Result produce(
      SimConfig sim, SimulationRunner.Pacer pacer, BiConsumer<Long, Long> progress)
      throws InterruptedException {
    PublisherConfig config =
        PublisherConfig.fromMap(withStream(publisherSettings, resources.streamName()));
    try (KinesisAsyncClient client =
        KinesisClients.local(runtime.endpoint(), Math.max(8, config.maxRequestsInFlight()))) {
      KinesisPublisher p = KinesisPublisher.builder(client, config).build();
      publisher = p;
      return SimulationRunner.run(
          new Simulator(sim), p, pacer, clock, config.recordTtl().plusSeconds(5), progress);
    }
  }

  /**
   * Waits until the consumer has processed every record and closed every window, and Firehose has
   * delivered everything to S3.
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    return resources.drain(timeout);
  }

  /** A runner of queries on the local Athena (the real SDK client). */
  public AthenaQueryRunner athena() {
    return new AthenaQueryRunner(athenaClient, AthenaQueryRunner.Settings.defaults());
  }

  /** Compares the views with {@code truth} through the local Athena. */
  public Verdict verdict(GroundTruth truth) throws QueryFailedException, InterruptedException {
    return Verdict.compare(truth, athena());
  }

  /**
   * A whole run: {@link #produce}, {@link #drain}, {@link #verdict}.
   *
   * @return the outcome; its verdict is {@code null} when the drain timed out
   */
  public Result run(
      SimConfig sim,
      SimulationRunner.Pacer pacer,
      Duration drainTimeout,
      BiConsumer<Long, Long> progress)
      throws InterruptedException, QueryFailedException {
    long start = System.nanoTime();
    SimulationRunner.Result produced = produce(sim, pacer, progress);
    boolean drained = drain(drainTimeout);
    Verdict verdict = drained ? verdict(produced.truth()) : null;
    return new Result(produced, drained, verdict, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The outcome of {@link #run}.
   *
   * @param produced what the simulator sent and its ground truth
   * @param drained whether the pipeline drained in time
   * @param verdict the comparison with the truth, {@code null} when not drained
   * @param elapsed wall time of the run
   */
  public record Result(
      SimulationRunner.Result produced, boolean drained, Verdict verdict, Duration elapsed) {
    public boolean passed() {
      return drained && verdict != null && verdict.passed() && produced.failed() == 0;
    }
  }

  /**
   * What the pipeline has done so far, for progress displays: the consumer's counters (records
   * delivered, largest iterator age, windows closed), the anomalies it reported (its {@code
   * Anomalies.*} metrics), the alarms now in ALARM and the messages on the on-failure queue.
   */
  public Status status() {
    EventSourceMapping m = resources.mapping();
    Progress p = m == null ? new Progress(java.util.List.of()) : m.progress();
    long anomalies = 0;
    MetricStore metrics = runtime.metrics();
    for (MetricKey k : metrics.keys()) {
      if (k.name().startsWith("Anomalies.") && k.dimensions().isEmpty()) {
        double sum =
            metrics
                .aggregate(k, Instant.EPOCH, clock.instant().plus(Duration.ofDays(1)))
                .map(Aggregate::sum)
                .orElse(0.0);
        anomalies += Math.round(sum);
      }
    }
    AlarmRuntime alarms = runtime.alarms();
    long inAlarm =
        alarms == null
            ? 0
            : alarms.engine().statuses().stream()
                .filter(s -> s.state() == AlarmState.ALARM)
                .count();
    String queue = resources.failureQueue();
    int failed = queue == null ? 0 : runtime.sqs().visibleMessages(queue);
    return new Status(
        p.recordsDelivered(),
        p.iteratorAgeMs(),
        p.windowsClosed(),
        p.errors(),
        anomalies,
        inAlarm,
        failed);
  }

  /**
   * A snapshot of {@link #status}.
   *
   * @param consumed records the consumer processed (checkpointed)
   * @param iteratorAgeMs the largest iterator age among the shards
   * @param windowsClosed tumbling windows the consumer closed (its emissions)
   * @param functionErrors failed invocations (retried)
   * @param anomalies anomalies the consumer reported
   * @param alarmsInAlarm alarms now in ALARM
   * @param onFailureMessages messages visible on the consumer's on-failure queue: batches given up
   *     on (their records are missing from the results)
   */
  public record Status(
      long consumed,
      long iteratorAgeMs,
      long windowsClosed,
      long functionErrors,
      long anomalies,
      long alarmsInAlarm,
      int onFailureMessages) {}

  /** Stops the consumer, flushes Firehose, closes the runtime. */
  @Override
  public void close() {
    athenaClient.close();
    runtime.close();
  }
}
