package dev.shardwise.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.esm.internal.CheckpointStore;
import dev.shardwise.local.esm.internal.EventJson;
import dev.shardwise.local.esm.internal.FunctionRunner;
import dev.shardwise.local.esm.internal.ShardStats;
import dev.shardwise.local.esm.internal.ShardWorker;
import dev.shardwise.local.esm.internal.WorkerContext;
import dev.shardwise.local.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds a {@link ShardWorker} over an {@link InMemoryShard} and a real {@link FunctionRunner}. */
final class WorkerHarness {
  static final String SHARD = "shardId-000000000000";
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
  final InMemoryShard shard = new InMemoryShard();
  final List<String> onFailure = new CopyOnWriteArrayList<>();
  final List<String> logLines = new CopyOnWriteArrayList<>();
  final AtomicInteger environments = new AtomicInteger();
  final ShardStats stats = new ShardStats();
  final Path dir;
  MappingSettings settings;
  ScriptedFunction.Script script = ScriptedFunction.Script.clean();
  FaultPlan faults = FaultPlan.NONE;
  Duration timeout = Duration.ofSeconds(5);
  FunctionRunner runner;
  java.util.function.Predicate<dev.shardwise.local.esm.internal.PolledRecord> filter = r -> true;

  WorkerHarness(Path dir) {
    this.dir = dir;
    this.settings = settings(100, false, false, -1);
  }

  static MappingSettings settings(int batchSize, boolean report, boolean bisect, int retries) {
    return new MappingSettings(
        batchSize,
        Duration.ZERO,
        1,
        MappingSettings.StartingPosition.TRIM_HORIZON,
        null,
        Duration.ofSeconds(60),
        report,
        bisect,
        retries,
        null,
        "failures",
        List.of());
  }

  ShardWorker worker() {
    LocalFunction fn =
        new LocalFunction(
            "test-fn",
            () -> {
              environments.incrementAndGet();
              return new ScriptedFunction(script);
            },
            Map.of(),
            timeout,
            512);
    String fnArn = "arn:aws:lambda:us-east-1:000000000000:function:test-fn";
    String streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    if (runner != null) {
      runner.close();
    }
    runner = new FunctionRunner(fn, fnArn, settings.windowed(), logLines::add, "test");
    AtomicInteger ids = new AtomicInteger();
    WorkerContext ctx =
        new WorkerContext(
            settings,
            clock,
            d -> clock.advance(d),
            new EventJson(streamArn, "us-east-1", "arn:aws:iam::000000000000:role/r"),
            new CheckpointStore(dir),
            faults,
            onFailure::add,
            () -> "req-" + ids.incrementAndGet(),
            fnArn,
            streamArn,
            Duration.ofSeconds(1),
            Duration.ZERO,
            WorkerContext.Telemetry.NONE,
            line -> {},
            filter);
    return new ShardWorker(ctx, SHARD, SHARD, true, shard, runner, stats);
  }

  /** Steps until the worker has nothing to do (advancing the clock while records wait). */
  static void runToIdle(ShardWorker w, MutableClock clock) throws InterruptedException {
    for (int i = 0; i < 10_000; i++) {
      ShardWorker.Step s = w.step();
      if (s == ShardWorker.Step.IDLE || s == ShardWorker.Step.FINISHED) {
        return;
      }
      if (s == ShardWorker.Step.WAITING) {
        clock.advance(Duration.ofMillis(100));
      }
    }
    throw new AssertionError("the worker never became idle");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
