package dev.shardwise.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.ConsumerConfig;
import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.alarms.AlarmJournal;
import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.alarms.AlarmStatus;
import dev.shardwise.local.alarms.AlarmTimeline;
import dev.shardwise.local.alarms.StateChange;
import dev.shardwise.local.esm.EventSourceMapping;
import dev.shardwise.local.esm.FaultPlan;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.producer.sim.AnomalyKind;
import dev.shardwise.producer.sim.AnomalyLabel;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import dev.shardwise.producer.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alarms over a real local run (issue 10): the simulator through the real publisher
 * into the local Kinesis, the shared event source mapping invoking the real {@code
 * ConsumerHandler}, Firehose, the consumer's EMF lines and the services' own metrics into the local
 * metric store, and the shipped {@code alarms.json} evaluated by the local {@code AlarmEngine} with
 * CloudWatch's semantics. Nothing is scaled: the alarms keep their 60 s periods, thresholds and M
 * of N. Time is fast-forwarded instead: the whole run (runtime, mapping, Firehose, consumer and its
 * EMF timestamps, alarms, simulator) is on one {@link FastForwardClock}, at 1x while the pipeline
 * starts and for the first 2 s of traffic, then {@value #SPEED} times faster than real time (the
 * clean run {@value #CLEAN_SPEED}), so 19 minutes of the pipeline take about two. What stays real:
 * poll and tick sleeps and the real work of each invocation (both last {@code speed} times longer
 * on the run's clock, as if the machine were that much slower), and the publisher's own per-shard
 * pacing (given the shard limits times the speed). A machine that stalls for a real second stalls
 * the pipeline for {@code speed} seconds of its clock, which the alarms see as it is (a lagging
 * consumer): the test needs a machine that is not saturated.
 *
 * <p>The consumer runs as the demo's: 10 s tumbling windows, 8 windows of detector warm-up,
 * anomalies from 90 s on; 150 events/s from 300 devices.
 */
class AlarmsRunIT {
  private static final int SPEED = 10;

  /**
   * The clean run's speed: lower, so that a loaded machine's pauses (real seconds, times the speed)
   * do not make the consumer lag minutes behind, which its iterator-age alarm would rightly report.
   */
  private static final int CLEAN_SPEED = 5;

  private static final Duration FAST_AFTER = Duration.ofSeconds(2);
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final int WARMUP = 8;
  private static final int RATE = 150;
  private static final int DEVICES = 300;

  /** The most visited pages a spike may hit (ranks 5-7 of the simulator's site). */
  private static final Set<String> TOP_PAGES = Set.of("/login", "/about", "/contact");

  private static final String PAGE_SPIKE = "shardwise-anomaly-page-spike";
  private static final String ITERATOR_AGE = "shardwise-consumer-iterator-age-high";
  private static final String STALLED = "shardwise-consumer-stalled";
  private static final String UNHEALTHY = "shardwise-pipeline-unhealthy";

  @TempDir Path dataDir;

  /**
   * The run (seconds of the run's clock from the first record): traffic for 19 minutes; one page
   * spike, about 120 s long, starting 90-120 s in on one of the site's top pages (the first seed
   * whose plan puts it there: the test is about the alarms; detection quality is measured by {@code
   * shardwise evaluate}); the consumer's mapping disabled from 330 s to 570 s ({@code
   * UpdateEventSourceMapping Enabled=false}, {@link EventSourceMapping#enabled(boolean)}), after
   * the spike's last window was judged; once re-enabled, every invocation until 720 s takes 12 s
   * longer (a slow downstream, injected through the mapping's fault plan), so the consumer works
   * through its backlog for minutes instead of seconds, its iterator age above 120 s; then it
   * catches up.
   *
   * <p>Expected, from CloudWatch's rules: the page-spike alarm (Sum > 0, 1 of 1) in ALARM from the
   * first minute with a detection to the first minute without; {@code consumer-stalled} (records
   * in, no invocation, 3 of 5) in ALARM after 3 paused minutes, OK after 3 minutes of invocations;
   * {@code consumer-iterator-age-high} (Maximum > 120 s, 3 of 5) in ALARM while the consumer works
   * through the backlog, OK once 3 of the last 5 minutes are below; the paging composite follows
   * the two critical ones. Nothing else.
   */
  @Test
  void pageSpikeAndStoppedConsumer_theirAlarmsFireAndReturnToOk_nothingElseFires()
      throws Exception {
    // GIVEN a pipeline on a fast-forwarded clock and a simulation with one early page spike
    FastForwardClock clock = clockStartingEarlyInAMinute();
    Duration pauseAt = Duration.ofSeconds(330);
    Duration resumeAt = Duration.ofSeconds(570);
    Duration slowUntil = Duration.ofSeconds(720);
    Duration slowBy = Duration.ofSeconds(12);
    AtomicReference<Instant> slowFrom = new AtomicReference<>(Instant.MAX);
    AtomicReference<Instant> slowTo = new AtomicReference<>(Instant.MIN);
    FaultPlan slowDownstream =
        invocation -> {
          Instant now = clock.instant();
          if (!now.isBefore(slowFrom.get()) && now.isBefore(slowTo.get())) {
            try {
              Thread.sleep(clock.real(slowBy).toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return FaultPlan.Fault.NONE;
        };
    try (LocalPipeline p = start(clock, slowDownstream)) {
      SimConfig sim = spikeEarly(trafficStart(clock));
      AnomalyLabel spike = new Simulator(sim).anomalies().get(0);
      Instant start = sim.start();
      slowFrom.set(start.plus(resumeAt));
      slowTo.set(start.plus(slowUntil));
      EventSourceMapping mapping = p.resources().mapping();
      Thread operator =
          new Thread(
              () -> {
                try {
                  clock.sleepUntil(start.plus(pauseAt));
                  mapping.enabled(false);
                  clock.sleepUntil(start.plus(resumeAt));
                  mapping.enabled(true);
                } catch (InterruptedException e) {
                  mapping.enabled(true);
                }
              },
              "operator");

      // WHEN it runs with the consumer disabled for 4 minutes, then slow for 4 more
      clock.sleepUntil(start);
      operator.start();
      SimulationRunner.Result produced =
          p.produce(sim, fastForwarding(clock, start, SPEED), (s, d) -> {});
      operator.join();
      Instant end = clock.instant();
      assertThat(produced.failed()).as("%s", produced.sampleFailures()).isZero();
      assertThat(p.drain(Duration.ofMinutes(1))).isTrue();
      assertThat(p.status().consumed()).isEqualTo(produced.succeeded());
      List<AlarmStatus> finalStates = p.runtime().alarms().engine().statuses();
      MetricStore metrics = p.runtime().metrics();
      List<Instant> detected =
          minutesWith(metrics, "Anomalies.page_spike", Statistic.SUM, 0, start, end);
      List<Instant> lagging =
          minutesWith(metrics, "IteratorAge", Statistic.MAXIMUM, 120_000, start, end);
      AnomalyCheck detections =
          AnomalyCheck.compare(sim, produced.truth().anomalies(), WINDOW, p.athena());
      p.close();

      // THEN the history shows exactly the expected alarms firing, each once and back to OK in time
      List<StateChange> history = AlarmJournal.readHistory(dataDir);
      AlarmTimeline timeline = new AlarmTimeline(history);
      String told =
          detections.line()
              + "\n"
              + String.join("\n", detections.notes())
              + "\nspike "
              + spike
              + "\n"
              + describe(history, start);
      assertThat(timeline.fired())
          .as(told)
          .containsExactlyInAnyOrder(PAGE_SPIKE, STALLED, ITERATOR_AGE, UNHEALTHY);
      for (String name : timeline.fired()) {
        assertThat(timeline.episodes(name)).as(name + "\n" + told).hasSize(1);
        assertThat(timeline.episodes(name).get(0).open()).as(name + "\n" + told).isFalse();
      }
      assertThat(finalStates).as(told).filteredOn(s -> s.state() == AlarmState.ALARM).isEmpty();

      // the page spike: ALARM at the evaluation after the first minute with a detection, OK one
      // period after the last (the consumer reports 0 at every window it judged)
      assertThat(detected).as("minutes with a page_spike detection").isNotEmpty();
      AlarmTimeline.Interval pageAlarm = timeline.episodes(PAGE_SPIKE).get(0);
      assertThat(pageAlarm.from()).as(told).isEqualTo(detected.get(0).plus(Duration.ofMinutes(1)));
      assertThat(pageAlarm.to())
          .as(told)
          .isEqualTo(detected.get(detected.size() - 1).plus(Duration.ofMinutes(2)));
      assertThat(detected.get(detected.size() - 1))
          .as("the last detection comes from the spike's windows")
          .isBefore(spike.end().plus(Duration.ofMinutes(2)));

      // the stopped consumer: ALARM once 3 whole minutes passed without an invocation, OK once 3
      // minutes had invocations again (3 of 5)
      AlarmTimeline.Interval stalled = timeline.episodes(STALLED).get(0);
      assertThat(stalled.from())
          .as(told)
          .isAfter(start.plus(pauseAt).plus(Duration.ofMinutes(2)))
          .isBeforeOrEqualTo(minuteCeil(start.plus(pauseAt)).plus(Duration.ofMinutes(3)));
      assertThat(stalled.to())
          .as(told)
          .isAfter(start.plus(resumeAt))
          .isBeforeOrEqualTo(minuteCeil(start.plus(resumeAt)).plus(Duration.ofMinutes(3)));

      // its backlog: the consumer's iterator age above 120 s from the resume on, in at least 3
      // minutes; ALARM once 3 of the last 5 datapoints are above (within the 5 evaluation periods
      // from the first), OK once 3 of the last 5 are below (at most 4 evaluations after the last)
      assertThat(lagging).as("minutes with IteratorAge > 120 s").hasSizeGreaterThanOrEqualTo(3);
      assertThat(lagging.get(0))
          .isAfterOrEqualTo(start.plus(resumeAt).truncatedTo(ChronoUnit.MINUTES));
      AlarmTimeline.Interval lag = timeline.episodes(ITERATOR_AGE).get(0);
      assertThat(lag.from())
          .as(told)
          .isAfterOrEqualTo(lagging.get(2).plus(Duration.ofMinutes(1)))
          .isBeforeOrEqualTo(lagging.get(0).plus(Duration.ofMinutes(5)));
      Instant lastLagging = lagging.get(lagging.size() - 1);
      assertThat(lag.to())
          .as(told)
          .isAfter(lastLagging)
          .isBeforeOrEqualTo(lastLagging.plus(Duration.ofMinutes(4)));

      // the paging composite: from the first critical alarm to the last one's recovery
      AlarmTimeline.Interval page = timeline.episodes(UNHEALTHY).get(0);
      assertThat(page.from()).as(told).isEqualTo(stalled.from());
      assertThat(page.to()).as(told).isEqualTo(max(stalled.to(), lag.to()));
    }
  }

  /**
   * A clean run (no injected anomaly, no fault, the consumer running throughout): 4 minutes of
   * traffic on the run's clock, 15 windows judged after the warm-up, every alarm evaluated every
   * minute; none fires, and the anomaly alarms did see the consumer's datapoints (0 at every judged
   * window).
   */
  @Test
  void cleanRun_noAlarmFires() throws Exception {
    // GIVEN a pipeline on a fast-forwarded clock and a clean simulation
    FastForwardClock clock = clockStartingEarlyInAMinute();
    try (LocalPipeline p = start(clock, FaultPlan.NONE)) {
      Instant start = trafficStart(clock);
      SimConfig sim =
          SimConfig.of(1, start, RATE, Duration.ofMinutes(4), DEVICES)
              .withAnomalies(Map.of())
              .withFaults(dev.shardwise.producer.sim.FaultPlan.none())
              .withAnomaliesAfter(WINDOW.multipliedBy(WARMUP + 1L));

      // WHEN it runs
      clock.sleepUntil(start);
      SimulationRunner.Result produced =
          p.produce(sim, fastForwarding(clock, start, CLEAN_SPEED), (s, d) -> {});
      Instant end = clock.instant();
      assertThat(produced.failed()).as("%s", produced.sampleFailures()).isZero();
      assertThat(p.drain(Duration.ofMinutes(1))).isTrue();
      MetricStore metrics = p.runtime().metrics();
      long judged =
          metrics
              .series(
                  MetricKey.of("Shardwise", "Anomalies.device_burst"),
                  Statistic.SAMPLE_COUNT,
                  start,
                  end,
                  Duration.ofMinutes(1))
              .size();
      List<AlarmStatus> states = p.runtime().alarms().engine().statuses();
      p.close();

      // THEN nothing fired, and the alarms were not blind: OK on real datapoints
      List<StateChange> history = AlarmJournal.readHistory(dataDir);
      assertThat(new AlarmTimeline(history).fired()).as(describe(history, start)).isEmpty();
      assertThat(judged).as("minutes with device_burst datapoints").isGreaterThanOrEqualTo(4);
      assertThat(states)
          .filteredOn(s -> s.name().equals(PAGE_SPIKE) || s.name().equals(STALLED))
          .extracting(AlarmStatus::state)
          .containsOnly(AlarmState.OK);
    }
  }

  private LocalPipeline start(FastForwardClock clock, FaultPlan faults) throws Exception {
    return LocalPipeline.builder(dataDir)
        .clock(clock)
        .option("alarms.tick-seconds", "1")
        // the publisher paces itself to a shard's limits in real time: the limits of the run's
        // clock
        .publisher("shard-records-per-second", String.valueOf(1000 * SPEED))
        .publisher("shard-bytes-per-second", String.valueOf(1024 * 1024 * SPEED))
        .resources(
            r ->
                r.mappingSettings(m -> m.withTumblingWindow(WINDOW))
                    .environment(ConsumerConfig.DETECT_WARMUP_WINDOWS, String.valueOf(WARMUP))
                    .mapping(b -> b.faults(faults)))
        .start();
  }

  /**
   * A clock at 1x that reads half a second past a minute: the pipeline starts up in real time
   * (seconds) and the traffic starts before the alarms' first evaluation, as in the demo. (A minute
   * boundary passed with no record at all puts {@code shardwise-silence}, missing data breaching,
   * in ALARM: right for a stream that stopped, and what CloudWatch does to a new alarm before any
   * traffic.)
   */
  private static FastForwardClock clockStartingEarlyInAMinute() {
    return new FastForwardClock(
        Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).plusMillis(500));
  }

  /**
   * The start of the traffic: the next window start, which must leave the first records (sent at
   * 1x, see {@link #fastForwarding}) time to arrive before the alarms' first evaluation.
   */
  private static Instant trafficStart(FastForwardClock clock) {
    Instant now = clock.instant();
    Instant start = nextWindowStart(now, WINDOW);
    Instant firstEvaluation = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    assertThat(start.plus(FAST_AFTER).plusSeconds(3))
        .as(
            "the pipeline took too long to start (the traffic must begin before the first alarm"
                + " evaluation, 1 min after the runtime started)")
        .isBefore(firstEvaluation);
    return start;
  }

  /**
   * Sends each record at its time on {@code clock}; the first {@link #FAST_AFTER} of traffic at 1x
   * (the publisher's first requests connect and warm up), then at {@link #SPEED}x.
   */
  private static SimulationRunner.Pacer fastForwarding(
      FastForwardClock clock, Instant start, int speed) {
    return offset -> {
      if (clock.speed() == 1 && offset.compareTo(FAST_AFTER) >= 0) {
        clock.speed(speed);
      }
      clock.sleepUntil(start.plus(offset));
    };
  }

  /** One page spike after the warm-up, from the first seed whose plan starts it within 120 s. */
  private static SimConfig spikeEarly(Instant start) {
    for (long seed = 1; seed < 1000; seed++) {
      SimConfig c =
          SimConfig.of(seed, start, RATE, Duration.ofMinutes(19), DEVICES)
              .withAnomalies(Map.of(AnomalyKind.PAGE_SPIKE, 1))
              .withFaults(dev.shardwise.producer.sim.FaultPlan.none())
              .withAnomaliesAfter(WINDOW.multipliedBy(WARMUP + 1L));
      List<AnomalyLabel> labels = new Simulator(c).anomalies();
      if (labels.size() == 1
          && !labels.get(0).start().isAfter(start.plusSeconds(120))
          && TOP_PAGES.contains(labels.get(0).key())
          && labels.get(0).magnitude() >= 5) {
        return c;
      }
    }
    throw new AssertionError("no seed below 1000 plans the spike within 150 s");
  }

  /** The minutes (the store's one-minute periods) whose {@code stat} is above {@code above}. */
  private static List<Instant> minutesWith(
      MetricStore metrics, String name, Statistic stat, double above, Instant from, Instant to) {
    String namespace = name.startsWith("Anomalies.") ? "Shardwise" : "AWS/Lambda";
    MetricKey key =
        namespace.equals("Shardwise")
            ? MetricKey.of(namespace, name)
            : MetricKey.of(namespace, name, Map.of("FunctionName", "shardwise-consumer"));
    return metrics
        .series(key, stat, from.truncatedTo(ChronoUnit.MINUTES), to, Duration.ofMinutes(1))
        .stream()
        .filter(v -> v.value() > above)
        .map(MetricStore.TimedValue::time)
        .toList();
  }

  private static Instant minuteCeil(Instant t) {
    Instant m = t.truncatedTo(ChronoUnit.MINUTES);
    return m.equals(t) ? m : m.plus(Duration.ofMinutes(1));
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The history as seconds of the run, for failure messages. */
  private static String describe(List<StateChange> history, Instant start) {
    return history.stream()
        .map(
            c ->
                "+"
                    + Duration.between(start, c.timestamp()).toSeconds()
                    + "s "
                    + c.alarmName()
                    + " "
                    + c.oldState()
                    + " -> "
                    + c.newState()
                    + ": "
                    + c.reason())
        .collect(Collectors.joining("\n", "alarm history:\n", ""));
  }

  /**
   * The first instant at or after {@code now} that starts a window (windows align to the epoch).
   */
  private static Instant nextWindowStart(Instant now, Duration length) {
    long len = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli() + len - 1, len) * len);
  }
}
