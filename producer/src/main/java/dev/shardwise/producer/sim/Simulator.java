package dev.shardwise.producer.sim;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates the records of a run, in send order, one simulated second at a time. Deterministic: the
 * same {@link SimConfig} yields the same records, byte for byte (each concern draws from its own
 * split of one seeded {@link SplittableRandom}, so changing the faults does not change the traffic
 * draws of other concerns).
 *
 * <p>Per second {@code s}: web events at {@code rate * webShare * cycle(s)} (a sine daily cycle of
 * amplitude 0.5 over {@code dayLength}), telemetry at {@code rate * (1 - webShare)} from IoT
 * devices in round-robin; spread evenly over the second. Then anomalies (extra page views, dropped
 * page views, bursts, outliers, level shifts) and faults (late, future, malformed; duplicates 0.2-3
 * s after the original). Not thread-safe.
 */
public final class Simulator implements Iterator<SimRecord> {
  private final SimConfig config;
  private final SplittableRandom trafficRandom;
  private final SplittableRandom faultRandom;
  private final WebTraffic web;
  private final Telemetry iot;
  private final List<AnomalyPlan.Planned> anomalies;
  private final int[] faultSeconds;
  private final RejectReason[] faultReasons;
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.atMillis != b.atMillis
                  ? Long.compare(a.atMillis, b.atMillis)
                  : Long.compare(a.order, b.order));
  private final String runId;
  private final int seconds;
  private int second;
  private long eventCounter;
  private long order;
  private double webCarry;
  private double iotCarry;
  private final double[] extraCarry;

  private record Pending(long atMillis, long order, SimRecord record) {}

  public Simulator(SimConfig config) {
    this.config = config;
    SplittableRandom root = new SplittableRandom(config.seed());
    SplittableRandom setup = root.split();
    this.trafficRandom = root.split();
    this.faultRandom = root.split();
    SplittableRandom anomalyRandom = root.split();
    this.web = new WebTraffic(setup, config.webClients(), config.pages());
    this.iot = new Telemetry(setup, config.iotDevices(), config.start());
    this.anomalies = AnomalyPlan.plan(config, anomalyRandom, web.pages(), iot);
    this.extraCarry = new double[anomalies.size()];
    this.seconds = (int) Math.max(1, config.duration().toSeconds());
    this.runId =
        "r"
            + Long.toString(config.seed(), 36).replace('-', 'n')
            + "."
            + Long.toString(config.start().getEpochSecond(), 36);
    List<Integer> secs = new ArrayList<>();
    List<RejectReason> reasons = new ArrayList<>();
    for (RejectReason r : FaultPlan.CONTRACT_REASONS) {
      for (int i = 0; i < config.faults().malformed(r); i++) {
        secs.add(faultRandom.nextInt(seconds));
        reasons.add(r);
      }
    }
    for (int i = 0; i < config.faults().future(); i++) {
      secs.add(faultRandom.nextInt(seconds));
      reasons.add(null); // null = a future event
    }
    this.faultSeconds = secs.stream().mapToInt(Integer::intValue).toArray();
    this.faultReasons = reasons.toArray(new RejectReason[0]);
  }

  public SimConfig config() {
    return config;
  }

  /** The injected anomalies, labelled, in start order. */
  public List<AnomalyLabel> anomalies() {
    return anomalies.stream().map(AnomalyPlan.Planned::label).toList();
  }

  /** Records a run of this config sends, before duplicates (an estimate for progress bars). */
  public long expectedRecords() {
    return (long) config.rate() * seconds;
  }

  @Override
  public boolean hasNext() {
    fill();
    return !queue.isEmpty();
  }

  @Override
  public SimRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return queue.poll().record();
  }

  /** Generates seconds until the head of the queue is final (nothing earlier can still come). */
  private void fill() {
    while (second < seconds && (queue.isEmpty() || queue.peek().atMillis >= second * 1000L)) {
      generate(second++);
    }
  }

  private void generate(int s) {
    double cycle = 1 + 0.5 * Math.sin(2 * Math.PI * s / (double) config.dayLength().toSeconds());
    webCarry += config.rate() * config.webShare() * cycle;
    int nWeb = (int) webCarry;
    webCarry -= nWeb;
    iotCarry += config.rate() * (1 - config.webShare());
    int nIot = (int) iotCarry;
    iotCarry -= nIot;
    for (AnomalyPlan.Planned a : anomalies) {
      if (a.label().kind() == AnomalyKind.DEVICE_LEVEL_SHIFT && a.startSecond() == s) {
        iot.shiftLevel(a.keyIndex(), a.metric(), a.label().magnitude());
      }
    }
    for (int j = 0; j < nWeb; j++) {
      long at = s * 1000L + j * 1000L / nWeb;
      Event e = web.next(nextId(), instant(at));
      if (e.type() == EventType.PAGE_VIEW && dropped(e.page(), s)) {
        continue;
      }
      emitValid(e, at);
    }
    for (int j = 0; j < nIot; j++) {
      long at = s * 1000L + j * 1000L / nIot;
      emitValid(iot.reading(nextId(), iot.nextDevice(), instant(at)), at);
    }
    injectAnomalies(s, cycle);
    for (int i = 0; i < faultSeconds.length; i++) {
      if (faultSeconds[i] == s) {
        long at = s * 1000L + faultRandom.nextInt(1000);
        Event template = web.viewOf(nextId(), instant(at), web.pages().get(0));
        if (faultReasons[i] == null) {
          push(
              at,
              new SimRecord(
                  instant(at),
                  template.deviceId(),
                  Malformed.future(template, instant(at)),
                  SimRecord.Kind.FUTURE,
                  null,
                  RejectReason.TIME_OUT_OF_RANGE));
        } else {
          push(
              at,
              new SimRecord(
                  instant(at),
                  template.deviceId(),
                  Malformed.breaking(faultReasons[i], template, instant(at)),
                  SimRecord.Kind.MALFORMED,
                  null,
                  faultReasons[i]));
        }
      }
    }
  }

  private void injectAnomalies(int s, double cycle) {
    for (int i = 0; i < anomalies.size(); i++) {
      AnomalyPlan.Planned a = anomalies.get(i);
      if (s < a.startSecond() || s >= a.endSecond()) {
        continue;
      }
      switch (a.label().kind()) {
        case PAGE_SPIKE -> {
          double expected = config.rate() * config.webShare() * cycle * web.viewShare(a.keyIndex());
          extraCarry[i] += (a.label().magnitude() - 1) * expected;
          int n = (int) extraCarry[i];
          extraCarry[i] -= n;
          for (int j = 0; j < n; j++) {
            long at = s * 1000L + (j * 1000L + 500) / n;
            emitValid(web.viewOf(nextId(), instant(at), a.label().key()), at);
          }
        }
        case DEVICE_BURST -> {
          double normal = config.rate() * (1 - config.webShare()) / iot.size();
          extraCarry[i] += Math.max(1, (a.label().magnitude() - 1) * normal);
          int n = (int) extraCarry[i];
          extraCarry[i] -= n;
          for (int j = 0; j < n; j++) {
            long at = s * 1000L + (j * 1000L + 250) / n;
            emitValid(iot.reading(nextId(), a.keyIndex(), instant(at)), at);
          }
        }
        case DEVICE_OUTLIER -> {
          long at = s * 1000L + 500;
          emitValid(
              iot.reading(nextId(), a.keyIndex(), instant(at), a.metric(), a.label().magnitude()),
              at);
        }
        default -> {}
      }
    }
  }

  private boolean dropped(String page, int s) {
    for (AnomalyPlan.Planned a : anomalies) {
      if (a.label().kind() == AnomalyKind.PAGE_DROP
          && s >= a.startSecond()
          && s < a.endSecond()
          && a.label().key().equals(page)) {
        return trafficRandom.nextDouble() >= a.label().magnitude();
      }
    }
    return false;
  }

  private void emitValid(Event e, long at) {
    SimRecord.Kind kind = SimRecord.Kind.VALID;
    if (config.faults().lateFraction() > 0
        && faultRandom.nextDouble() < config.faults().lateFraction()) {
      long backMillis = 180_000 + faultRandom.nextLong(27 * 60_000L);
      e =
          new Event(
              e.eventId(),
              e.type(),
              e.time().minusMillis(backMillis),
              e.deviceId(),
              e.sessionId(),
              e.page(),
              e.referrer(),
              e.country(),
              e.loadMs(),
              e.metrics());
      kind = SimRecord.Kind.LATE;
    }
    byte[] data = EventEncoder.encode(e);
    push(at, new SimRecord(instant(at), e.deviceId(), data, kind, e, null));
    if (config.faults().duplicateFraction() > 0
        && faultRandom.nextDouble() < config.faults().duplicateFraction()) {
      long dupAt = at + 200 + faultRandom.nextInt(2800);
      push(
          dupAt,
          new SimRecord(instant(dupAt), e.deviceId(), data, SimRecord.Kind.DUPLICATE, e, null));
    }
  }

  private void push(long atMillis, SimRecord r) {
    queue.add(new Pending(atMillis, order++, r));
  }

  private String nextId() {
    return runId + "-" + eventCounter++;
  }

  private Instant instant(long offsetMillis) {
    return config.start().plusMillis(offsetMillis);
  }
}
