package dev.shardwise.local.esm;

import dev.shardwise.local.esm.internal.WorkerContext;
import dev.shardwise.local.metrics.MetricSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Everything an {@link EventSourceMapping} runs with, built by {@link Builder} (from {@link
 * EventSourceMapping#builder}); required: the function, its settings, a Kinesis client, the stream
 * name and the state directory.
 */
public record EventSourceMappingConfig(
    LocalFunction function,
    MappingSettings settings,
    KinesisClient kinesis,
    String streamArn,
    String functionArn,
    String roleArn,
    String region,
    Path stateDir,
    InstantSource clock,
    WorkerContext.Sleeper sleeper,
    Consumer<String> onFailure,
    MetricSink metrics,
    Consumer<String> logLines,
    FaultPlan faults,
    Duration pollInterval,
    Duration retryDelay,
    Duration discoveryInterval) {

  /** Builds and starts a mapping. */
  public static final class Builder {
    private final LocalFunction function;
    private final MappingSettings settings;
    private final KinesisClient kinesis;
    private final String streamName;
    private String region = "us-east-1";
    private String account = "000000000000";
    private Path stateDir;
    private InstantSource clock = InstantSource.system();
    private WorkerContext.Sleeper sleeper =
        d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    private Consumer<String> onFailure;
    private MetricSink metrics = MetricSink.NONE;
    private Consumer<String> logLines = line -> {};
    private FaultPlan faults = FaultPlan.NONE;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration retryDelay = Duration.ofMillis(100);
    private Duration discoveryInterval = Duration.ofSeconds(1);

    Builder(
        LocalFunction function,
        MappingSettings settings,
        KinesisClient kinesis,
        String streamName) {
      this.function = Objects.requireNonNull(function, "function");
      this.settings = Objects.requireNonNull(settings, "settings");
      this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
      this.streamName = Objects.requireNonNull(streamName, "streamName");
    }

    /**
     * Where checkpoints and window state persist (e.g. {@code
     * <data-dir>/.esm/<function>/<stream>}).
     */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    public Builder account(String account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /** The clock of windows, record ages and timestamps (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How pollers wait (default: {@code Thread.sleep}); a fake clock's sleeper advances it. */
    public Builder sleeper(WorkerContext.Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Where the JSON descriptions of discarded batches go (the on-failure queue); without one they
     * are only counted, as Lambda drops them without a destination.
     */
    public Builder onFailure(Consumer<String> destination) {
      this.onFailure = destination;
      return this;
    }

    public Builder metrics(MetricSink metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Where the handler's log lines go (EMF lines included), one call per line. */
    public Builder logLines(Consumer<String> lines) {
      this.logLines = Objects.requireNonNull(lines, "lines");
      return this;
    }

    public Builder faults(FaultPlan faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The least time between reads of a caught-up shard (Lambda: about 1 s). */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "pollInterval");
      return this;
    }

    /** The pause before a failed invocation is retried. */
    public Builder retryDelay(Duration d) {
      this.retryDelay = Objects.requireNonNull(d, "retryDelay");
      return this;
    }

    public Builder discoveryInterval(Duration d) {
      this.discoveryInterval = positive(d, "discoveryInterval");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive (got " + d + ")");
      }
      return d;
    }

    /** Creates the mapping and starts its pollers. */
    public EventSourceMapping start() {
      if (stateDir == null) {
        throw new IllegalArgumentException("stateDir must be set (where checkpoints persist)");
      }
      String streamArn = "arn:aws:kinesis:" + region + ":" + account + ":stream/" + streamName;
      String functionArn =
          "arn:aws:lambda:" + region + ":" + account + ":function:" + function.functionName();
      String roleArn = "arn:aws:iam::" + account + ":role/" + function.functionName() + "-role";
      return new EventSourceMapping(
              new EventSourceMappingConfig(
                  function,
                  settings,
                  kinesis,
                  streamArn,
                  functionArn,
                  roleArn,
                  region,
                  stateDir,
                  clock,
                  sleeper,
                  onFailure,
                  metrics,
                  logLines,
                  faults,
                  pollInterval,
                  retryDelay,
                  discoveryInterval))
          .start();
    }
  }
}
