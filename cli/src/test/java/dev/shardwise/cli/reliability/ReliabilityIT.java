package dev.shardwise.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.cli.pipeline.LocalPipeline;
import dev.shardwise.cli.pipeline.Verdict;
import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.FaultPlan;
import dev.shardwise.local.esm.MappingSettings;
import dev.shardwise.producer.KinesisClients;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublishResult;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.sim.GroundTruth;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimRecord;
import dev.shardwise.producer.sim.Simulator;
import dev.shardwise.producer.sim.TruthRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Exact counts under faults: the whole local pipeline (the real publisher, Kinesis, the shared
 * event source mapping with the real consumer, Firehose, S3, Athena on DuckDB) runs a seeded
 * simulation while one kind of fault is injected (then all mixed), and through Athena {@code
 * page_views_minutely} and {@code events_unique} equal the simulator's ground truth exactly, {@code
 * rejects} holds every poison record with its reason, and nothing reached the on-failure queue.
 * Every run must have injected faults of its kind (counted by the injectors), so a run that
 * injected nothing cannot pass.
 *
 * <p>Seeds per kind: {@code -Dreliability.seeds=N} (default 2); only some kinds: {@code
 * -Dreliability.kinds=restart,mixed} (substrings of the kind names). The table of runs goes to
 * {@code target/reliability/runs.md}; docs/reliability.md explains it.
 */
class ReliabilityIT {
  /** Small traffic per run: about 3,000 records in 30 s of event time, sent as fast as possible. */
  static final int RATE = 100;

  static final Duration SIM_DURATION = Duration.ofSeconds(30);
  static final int DEVICES = 200;

  /** Small batches, so that a run has many invocations to inject faults into. */
  static final int BATCH_SIZE = 200;

  static final Duration DRAIN = Duration.ofMinutes(3);

  static final RunTable TABLE = RunTable.inTarget();

  @TempDir Path tmp;

  static Stream<Arguments> runs() {
    List<Long> seeds = Seeds.fromProperty();
    String only = System.getProperty("reliability.kinds", "").trim();
    List<Scenario> scenarios = new ArrayList<>(Scenario.all());
    if (Boolean.getBoolean("reliability.knownBugs")) {
      scenarios.addAll(Scenario.knownBugs());
    }
    return scenarios.stream()
        .filter(
            s -> only.isEmpty() || List.of(only.split(",")).stream().anyMatch(s.kind()::contains))
        .flatMap(s -> seeds.stream().map(seed -> Arguments.of(s, seed)));
  }

  @AfterAll
  static void where() {
    System.out.println("reliability: the table of runs is in " + TABLE.file().toAbsolutePath());
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("runs")
  void viewsEqualTheTruth_underFaults(Scenario s, long seed) throws Exception {
    long t0 = System.nanoTime();
    // GIVEN the simulation of this seed and its ground truth
    Simulation sim = Simulation.of(seed, s);
    Injected injected = new Injected();
    InvocationFaults handlerFaults =
        new InvocationFaults(seed, s.handlerErrorRate(), s.handlerTimeoutRate(), s.crashRate());
    Path dataDir = tmp.resolve("data");

    // WHEN it runs through the pipeline with the faults (a restart at half, if asked)
    int n = sim.records.size();
    int restartAt = s.restart() ? n / 2 : n;
    long tStart = System.nanoTime();
    LocalPipeline p = start(dataDir, s, seed, handlerFaults);
    System.out.printf(
        "reliability: simulated in %.1f s, started in %.1f s%n",
        (tStart - t0) / 1e9, (System.nanoTime() - tStart) / 1e9);
    Verdict verdict;
    long queue;
    long discarded;
    long produceFailures;
    try {
      Faults f = Faults.arm(p.runtime(), s);
      produceFailures = send(p, s, sim.records, 0, restartAt, injected);
      if (s.restart()) {
        f.disarm(injected);
        // close mid-run: records in flight, windows open, Firehose buffers not yet due
        p.close();
        injected.restarts++;
        p = start(dataDir, s, seed, handlerFaults);
        f = Faults.arm(p.runtime(), s);
        produceFailures += send(p, s, sim.records, restartAt, n, injected);
      }
      long tDrain = System.nanoTime();
      System.out.printf(
          "reliability: %s seed %d: produced in %.1f s%n", s, seed, (tDrain - t0) / 1e9);
      boolean drained = p.drain(DRAIN);
      long tVerdict = System.nanoTime();
      System.out.printf("reliability: drained in %.1f s%n", (tVerdict - tDrain) / 1e9);
      f.disarm(injected);
      assertThat(drained).as("drained within %s", DRAIN).isTrue();
      verdict = p.verdict(sim.truth);
      System.out.printf("reliability: verdict in %.1f s%n", (System.nanoTime() - tVerdict) / 1e9);
      if (Boolean.getBoolean("reliability.debug") && !verdict.passed()) {
        debugDump(p, sim, injected, verdict);
      }
      EventSourceMapping m = p.resources().mapping();
      queue = p.runtime().sqs().visibleMessages(p.resources().failureQueue());
      discarded = m.progress().recordsDiscarded();
    } finally {
      p.close();
    }
    injected.handler(handlerFaults);

    // THEN the table row, and the views equal the truth exactly
    long lostEvents = Math.max(0, verdict.expectedEvents() - verdict.actualEvents());
    long extraEvents = Math.max(0, verdict.actualEvents() - verdict.expectedEvents());
    boolean rejectsOk = rejectsMatch(verdict);
    boolean passed =
        verdict.passed()
            && rejectsOk
            && queue == 0
            && discarded == 0
            && produceFailures == 0
            && injected.total(s, sim.truth) > 0;
    TABLE.add(
        new RunRow(
            s.kind(),
            seed,
            injected.describe(s, sim.truth),
            sim.truth.events().distinctValidEventIds(),
            "views " + verdict.lostViews() + ", events " + lostEvents,
            "views " + verdict.doubleCountedViews() + ", events " + extraEvents,
            rejectsOk,
            queue + " (expected 0)",
            passed,
            Duration.ofNanos(System.nanoTime() - t0)));

    assertThat(injected.total(s, sim.truth)).as("faults injected").isPositive();
    assertThat(produceFailures).as("records the publisher gave up on").isZero();
    assertThat(verdict.differences()).as(String.join("\n", verdict.lines())).isEmpty();
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.actualViews()).isEqualTo(sim.truth.totalViews()).isPositive();
    assertThat(rejectsOk).as("rejects per reason %s", verdict.actualRejects()).isTrue();
    assertThat(queue).as("messages on the on-failure queue").isZero();
    assertThat(discarded).as("records discarded by the mapping").isZero();
  }

  /**
   * The one case where the on-failure queue must hold something: a page view whose every invocation
   * fails (a handler bug for that record) with {@code MaximumRetryAttempts} 2. Lambda bisects the
   * batch down to that record, retries it twice and discards it: the queue holds exactly one
   * message naming that record alone, and the views equal the truth without that one view.
   */
  @ParameterizedTest(name = "a record discarded on purpose, seed {0}")
  @MethodSource("seeds")
  void discardedRecord_isExactlyTheQueuedOne_andTheOnlyViewMissing(long seed) throws Exception {
    long t0 = System.nanoTime();
    Scenario s = Scenario.all().get(0).withHandler(0, 0, 0);
    Simulation sim = Simulation.of(seed, s);
    Map<String, SimRecord> bySequence = new ConcurrentHashMap<>();
    AlwaysFailing fault = new AlwaysFailing(bySequence);
    Verdict verdict;
    Verdict adjusted;
    List<String> messages = new ArrayList<>();
    long discarded;
    try (LocalPipeline p =
        LocalPipeline.builder(tmp.resolve("data"))
            .option("alarms", "off")
            .option("kinesis.limits", "off")
            .resources(
                r ->
                    r.mappingSettings(m -> withRetries(m.withBatchSize(BATCH_SIZE), 2))
                        .mapping(b -> b.faults(fault).retryDelay(Duration.ofMillis(10))))
            .start()) {
      assertThat(
              send(
                  p,
                  s,
                  sim.records,
                  0,
                  sim.records.size(),
                  new Injected(),
                  (r, stored) -> bySequence.put(stored.sequenceNumber(), r)))
          .isZero();
      assertThat(p.drain(DRAIN)).isTrue();
      discarded = p.resources().mapping().progress().recordsDiscarded();
      try (SqsClient sqs = p.runtime().sdk(SqsClient.builder())) {
        String url = sqs.getQueueUrl(b -> b.queueName(p.resources().failureQueue())).queueUrl();
        for (int i = 0; i < 3; i++) {
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60))
              .messages()
              .forEach(m -> messages.add(m.body()));
        }
      }
      verdict = p.verdict(sim.truth);
      adjusted = Verdict.compare(fault.truthWithout(sim.truth), p.athena());
    }
    String target = fault.target.get();
    TABLE.add(
        new RunRow(
            "a record discarded on purpose",
            seed,
            "failing invocations " + fault.failures.get() + " (one record, every attempt)",
            sim.truth.events().distinctValidEventIds(),
            "views " + verdict.lostViews() + " (the discarded one: 1 expected)",
            "views " + verdict.doubleCountedViews(),
            rejectsMatch(verdict),
            messages.size() + " (expected 1)",
            adjusted.passed() && messages.size() == 1 && discarded == 1,
            Duration.ofNanos(System.nanoTime() - t0)));

    assertThat(target).as("a record was chosen").isNotNull();
    assertThat(discarded).isEqualTo(1);
    assertThat(messages).hasSize(1);
    JsonNode info = new ObjectMapper().readTree(messages.get(0)).get("KinesisBatchInfo");
    assertThat(info.get("batchSize").asInt()).isEqualTo(1);
    assertThat(info.get("startSequenceNumber").asText()).isEqualTo(target);
    assertThat(info.get("endSequenceNumber").asText()).isEqualTo(target);
    assertThat(verdict.lostViews()).isEqualTo(1);
    assertThat(verdict.doubleCountedViews()).isZero();
    assertThat(adjusted.differences()).as(String.join("\n", adjusted.lines())).isEmpty();
    assertThat(adjusted.passed()).isTrue();
  }

  static Stream<Long> seeds() {
    return Seeds.fromProperty().stream();
  }

  private static MappingSettings withRetries(MappingSettings m, int retries) {
    return new MappingSettings(
        m.batchSize(),
        m.maximumBatchingWindow(),
        m.parallelizationFactor(),
        m.startingPosition(),
        m.startingPositionTimestamp(),
        m.tumblingWindow(),
        m.reportBatchItemFailures(),
        m.bisectBatchOnFunctionError(),
        retries,
        m.maximumRecordAge(),
        m.onFailureQueue(),
        m.filterPatterns());
  }

  /** Fails every invocation holding one page view: the first one it sees stored. */
  static final class AlwaysFailing implements FaultPlan {
    final Map<String, SimRecord> bySequence;
    final AtomicReference<String> target = new AtomicReference<>();
    final AtomicLong failures = new AtomicLong();

    AlwaysFailing(Map<String, SimRecord> bySequence) {
      this.bySequence = bySequence;
    }

    @Override
    public Fault decide(Invocation i) {
      if (i.finalInvoke()) {
        return Fault.NONE;
      }
      if (target.get() == null) {
        for (String seq : i.sequenceNumbers()) {
          SimRecord r = bySequence.get(seq);
          if (r != null
              && r.kind() == SimRecord.Kind.VALID
              && r.event().type() == EventType.PAGE_VIEW
              && target.compareAndSet(null, seq)) {
            break;
          }
        }
      }
      String t = target.get();
      if (t != null && i.sequenceNumbers().contains(t)) {
        failures.incrementAndGet();
        return Fault.ERROR;
      }
      return Fault.NONE;
    }

    /** The truth without the chosen page view (it was discarded, so never counted). */
    GroundTruth truthWithout(GroundTruth truth) {
      Event e = bySequence.get(target.get()).event();
      GroundTruth.PageMinute key =
          new GroundTruth.PageMinute(e.time().truncatedTo(ChronoUnit.MINUTES), e.page());
      Map<GroundTruth.PageMinute, GroundTruth.PageCount> pages = new TreeMap<>(truth.pageMinutes());
      GroundTruth.PageCount c = pages.get(key);
      pages.put(key, new GroundTruth.PageCount(c.views() - 1, c.uniqueDevices()));
      return new GroundTruth(
          truth.run(), pages, truth.rejects(), truth.events(), truth.faults(), truth.anomalies());
    }
  }

  /**
   * With {@code -Dreliability.debug=true}, a failed run prints, per (minute, page) that differs,
   * the {@code page_views} rows and where each copy of its page views was stored.
   */
  private static void debugDump(LocalPipeline p, Simulation sim, Injected injected, Verdict v)
      throws Exception {
    Map<GroundTruth.PageMinute, Long> got = new TreeMap<>();
    for (List<String> r :
        p.athena()
            .run(
                "SELECT CAST(to_unixtime(minute) AS bigint), page, sum(views)"
                    + " FROM page_views_minutely GROUP BY 1, 2",
                List.of())
            .rows()) {
      got.put(
          new GroundTruth.PageMinute(Instant.ofEpochSecond(Long.parseLong(r.get(0))), r.get(1)),
          Long.parseLong(r.get(2)));
    }
    try (KinesisClient admin = p.runtime().sdk(KinesisClient.builder())) {
      admin
          .listShards(b -> b.streamName(p.resources().streamName()))
          .shards()
          .forEach(
              sh ->
                  System.out.printf(
                      "reliability-debug: shard %s parent %s adjacent %s hash %s-%s seq %s-%s%n",
                      sh.shardId(),
                      sh.parentShardId(),
                      sh.adjacentParentShardId(),
                      sh.hashKeyRange().startingHashKey(),
                      sh.hashKeyRange().endingHashKey(),
                      sh.sequenceNumberRange().startingSequenceNumber(),
                      sh.sequenceNumberRange().endingSequenceNumber()));
    }
    for (Map.Entry<GroundTruth.PageMinute, GroundTruth.PageCount> e :
        sim.truth.pageMinutes().entrySet()) {
      long g = got.getOrDefault(e.getKey(), 0L);
      if (g == e.getValue().views()) {
        continue;
      }
      System.out.printf(
          "reliability-debug: %s %s expected %d got %d%n",
          e.getKey().minute(), e.getKey().page(), e.getValue().views(), g);
      for (List<String> r :
          p.athena()
              .run(
                  "SELECT shard_id, window_start, segment, views, late, row_id FROM page_views"
                      + " WHERE page = '"
                      + e.getKey().page()
                      + "' AND CAST(to_unixtime(minute) AS bigint) = "
                      + e.getKey().minute().getEpochSecond()
                      + " ORDER BY shard_id, window_start, segment",
                  List.of())
              .rows()) {
        System.out.println("reliability-debug:   row " + r);
      }
      for (SimRecord r : sim.records) {
        Event ev = r.event();
        if (ev != null
            && ev.type() == EventType.PAGE_VIEW
            && ev.page().equals(e.getKey().page())
            && ev.time().truncatedTo(ChronoUnit.MINUTES).equals(e.getKey().minute())) {
          System.out.println(
              "reliability-debug:   event "
                  + ev.eventId()
                  + " kind "
                  + r.kind()
                  + " copies "
                  + injected.copies.getOrDefault(ev.eventId(), List.of()));
        }
      }
    }
  }

  /** Every reason of the truth, zeros included, has exactly its count of rows in rejects. */
  private static boolean rejectsMatch(Verdict v) {
    for (Map.Entry<RejectReason, Long> e : v.expectedRejects().entrySet()) {
      if (!v.actualRejects().getOrDefault(e.getKey(), 0L).equals(e.getValue())) {
        return false;
      }
    }
    return v.actualRejects().keySet().stream()
        .allMatch(r -> v.expectedRejects().containsKey(r) || v.actualRejects().get(r) == 0);
  }

  private static LocalPipeline start(
      Path dataDir, Scenario s, long seed, InvocationFaults handlerFaults) throws Exception {
    return LocalPipeline.builder(dataDir)
        .option("alarms", "off")
        .option("kinesis.limits", "off")
        .resources(
            r ->
                r.mappingSettings(m -> m.withBatchSize(BATCH_SIZE))
                    .mapping(b -> b.faults(handlerFaults).retryDelay(Duration.ofMillis(10)))
                    // a small emit budget, so Firehose faults also reach Lambda's retries
                    .environment(ConsumerConfig.EMIT_BASE_DELAY, "10ms")
                    .environment(ConsumerConfig.EMIT_MAX_DELAY, "100ms")
                    .environment(ConsumerConfig.EMIT_MAX_TIME, "1s"))
        .start();
  }

  /**
   * Publishes {@code records[from, to)} through a new publisher (waits for every outcome); splits a
   * shard at a third and merges two at two thirds of all records when the scenario reshards.
   *
   * @return records the publisher failed
   */
  private static long send(
      LocalPipeline p, Scenario s, List<SimRecord> records, int from, int to, Injected injected)
      throws Exception {
    return send(p, s, records, from, to, injected, (r, stored) -> {});
  }

  private static long send(
      LocalPipeline p,
      Scenario s,
      List<SimRecord> records,
      int from,
      int to,
      Injected injected,
      BiConsumer<SimRecord, PublishResult> onStored)
      throws Exception {
    int n = records.size();
    String stream = p.resources().streamName();
    PublisherConfig config =
        PublisherConfig.builder(stream)
            .aggregation(s.aggregation())
            .shardMapRefreshInterval(Duration.ofSeconds(1))
            .build();
    AtomicLong failed = new AtomicLong();
    try (KinesisAsyncClient client = KinesisClients.local(p.runtime().endpoint(), 16);
        KinesisClient admin = p.runtime().sdk(KinesisClient.builder())) {
      KinesisPublisher publisher = KinesisPublisher.builder(client, config).build();
      List<CompletableFuture<?>> futures = new ArrayList<>();
      for (int i = from; i < to; i++) {
        if (s.reshard() && i == n / 3) {
          Reshard.splitFirst(admin, stream);
          injected.splits++;
        }
        if (s.reshard() && i == 2 * n / 3) {
          Reshard.mergeFirstTwo(admin, stream);
          injected.merges++;
        }
        SimRecord r = records.get(i);
        int index = i;
        String pageView =
            r.event() != null && r.event().type() == EventType.PAGE_VIEW
                ? r.event().eventId()
                : null;
        futures.add(
            publisher
                .publish(r.partitionKey(), r.data())
                .whenComplete(
                    (ok, e) -> {
                      if (e != null) {
                        failed.incrementAndGet();
                        return;
                      }
                      onStored.accept(r, ok);
                      if (r.event() != null) {
                        injected
                            .copies
                            .computeIfAbsent(
                                r.event().eventId(),
                                k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(
                                ok.shardId()
                                    + " "
                                    + ok.sequenceNumber()
                                    + ":"
                                    + ok.subSequenceNumber()
                                    + " attempts "
                                    + ok.attempts()
                                    + " index "
                                    + index);
                      }
                      if (pageView != null) {
                        injected
                            .pageViewShards
                            .computeIfAbsent(pageView, k -> ConcurrentHashMap.newKeySet())
                            .add(ok.shardId());
                      }
                    }));
      }
      publisher.close(Duration.ofMinutes(1));
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .handle((v, e) -> null)
          .get(1, TimeUnit.MINUTES);
    }
    return failed.get();
  }

  /** The simulation of a seed: its records in send order and its ground truth. */
  record Simulation(List<SimRecord> records, GroundTruth truth) {
    static Simulation of(long seed, Scenario s) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Simulator sim =
          new Simulator(
              SimConfig.of(seed, now.minus(Duration.ofSeconds(40)), RATE, SIM_DURATION, DEVICES)
                  .withAnomalies(Map.of())
                  .withFaults(s.simFaults()));
      TruthRecorder recorder = new TruthRecorder();
      List<SimRecord> records = new ArrayList<>();
      while (sim.hasNext()) {
        SimRecord r = sim.next();
        recorder.record(r);
        records.add(r);
      }
      return new Simulation(records, recorder.truth(sim));
    }
  }

  /** The Firehose and Kinesis faults of a scenario on one runtime, re-armed every 500 ms. */
  static final class Faults {
    private final LocalRuntime rt;
    private final ScheduledExecutorService rearm;

    private Faults(LocalRuntime rt, ScheduledExecutorService rearm) {
      this.rt = rt;
      this.rearm = rearm;
    }

    static Faults arm(LocalRuntime rt, Scenario s) {
      if (s.firehoseRecordFailureRate() > 0) {
        rt.firehose()
            .faults()
            .failRecords(s.firehoseRecordFailureRate(), "ServiceUnavailableException");
      }
      if (s.kinesisEntryFailureRate() > 0) {
        rt.kinesis().faults().failPutRecordsEntries(s.kinesisEntryFailureRate());
      }
      ScheduledExecutorService rearm = null;
      if (s.firehoseThrottledCalls() > 0) {
        rearm =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "reliability-firehose-throttle");
                  t.setDaemon(true);
                  return t;
                });
        rearm.scheduleWithFixedDelay(
            () -> rt.firehose().faults().throttleNextCalls(s.firehoseThrottledCalls()),
            0,
            500,
            TimeUnit.MILLISECONDS);
      }
      return new Faults(rt, rearm);
    }

    /** Stops injecting and adds what was injected to {@code into}. */
    void disarm(Injected into) throws InterruptedException {
      if (rearm != null) {
        rearm.shutdownNow();
        rearm.awaitTermination(5, TimeUnit.SECONDS);
      }
      var fh = rt.firehose().faults();
      fh.clear();
      rt.kinesis().faults().clear();
      into.firehoseThrottled += fh.throttledCalls() - into.seenFirehoseThrottled;
      into.firehoseRecords += fh.failedRecords() - into.seenFirehoseRecords;
      into.kinesisEntries += rt.kinesis().faults().injectedCount() - into.seenKinesis;
      into.seenFirehoseThrottled = fh.throttledCalls();
      into.seenFirehoseRecords = fh.failedRecords();
      into.seenKinesis = rt.kinesis().faults().injectedCount();
    }
  }

  /** What the injectors counted over a run (both runtimes of a restart). */
  static final class Injected {
    long handlerErrors;
    long handlerTimeouts;
    long crashes;
    long firehoseThrottled;
    long firehoseRecords;
    long kinesisEntries;
    long splits;
    long merges;
    long restarts;
    long seenFirehoseThrottled;
    long seenFirehoseRecords;
    long seenKinesis;

    /** The shards each page view's copies were stored in (a duplicate may land elsewhere). */
    final Map<String, Set<String>> pageViewShards = new ConcurrentHashMap<>();

    /** Where each event's copies were stored (shard, sequence:sub-sequence), for debugging. */
    final Map<String, List<String>> copies = new ConcurrentHashMap<>();

    /** Page views whose copies were stored in more than one shard. */
    long crossShardPageViews() {
      return pageViewShards.values().stream().filter(shards -> shards.size() > 1).count();
    }

    void handler(InvocationFaults f) {
      handlerErrors = f.errors();
      handlerTimeouts = f.timeouts();
      crashes = f.crashes();
    }

    long total(Scenario s, GroundTruth truth) {
      return handlerErrors
          + handlerTimeouts
          + crashes
          + firehoseThrottled
          + firehoseRecords
          + kinesisEntries
          + splits
          + merges
          + restarts
          + truth.faults().duplicates()
          + truth.faults().future()
          + truth.faults().malformed().values().stream().mapToLong(Long::longValue).sum();
    }

    String describe(Scenario s, GroundTruth truth) {
      List<String> parts = new ArrayList<>();
      add(parts, "handler errors", handlerErrors);
      add(parts, "timeouts", handlerTimeouts);
      add(parts, "crashes after write", crashes);
      add(parts, "Firehose throttled calls", firehoseThrottled);
      add(parts, "Firehose failed records", firehoseRecords);
      add(parts, "Kinesis throttled entries", kinesisEntries);
      add(parts, "duplicates", truth.faults().duplicates());
      long poison =
          truth.faults().malformed().values().stream().mapToLong(Long::longValue).sum()
              + truth.faults().future();
      add(parts, "poison", poison);
      add(parts, "splits", splits);
      add(parts, "merges", merges);
      add(parts, "restarts", restarts);
      add(parts, "(page views with copies in two shards", crossShardPageViews());
      if (crossShardPageViews() > 0) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + ")");
      }
      return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void add(List<String> parts, String name, long n) {
      if (n > 0) {
        parts.add(name + " " + n);
      }
    }
  }
}
