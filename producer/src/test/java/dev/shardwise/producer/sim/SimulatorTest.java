package dev.shardwise.producer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

  private static SimConfig faulty(long seed) {
    return SimConfig.of(seed, START, 100, Duration.ofMinutes(4), 200)
        .withAnomalies(SimConfig.defaultAnomalies())
        .withFaults(FaultPlan.parse("duplicate=0.02,late=0.01,future=4,malformed=3"));
  }

  private static List<SimRecord> run(SimConfig c) {
    List<SimRecord> out = new ArrayList<>();
    new Simulator(c).forEachRemaining(out::add);
    return out;
  }

  private static String digest(List<SimRecord> records) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (SimRecord r : records) {
      md.update(r.sendAt().toString().getBytes(StandardCharsets.UTF_8));
      md.update(r.partitionKey().getBytes(StandardCharsets.UTF_8));
      md.update(r.data());
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  @Test
  void sameConfig_sameRecords_byteForByte_otherSeed_otherRecords() throws Exception {
    List<SimRecord> a = run(faulty(7));
    List<SimRecord> b = run(faulty(7));
    assertThat(digest(a)).isEqualTo(digest(b));
    assertThat(digest(run(faulty(8)))).isNotEqualTo(digest(a));
    StringWriter ta = new StringWriter();
    StringWriter tb = new StringWriter();
    truth(faulty(7)).write(ta);
    truth(faulty(7)).write(tb);
    assertThat(ta.toString()).isEqualTo(tb.toString());
  }

  @Test
  void records_comeInSendOrder_atAboutTheRate_withEventTimesNeverAfterTheirSendTime() {
    List<SimRecord> records =
        run(
            SimConfig.of(3, START, 100, Duration.ofMinutes(5), 100)
                .withDayLength(Duration.ofMinutes(5)));
    assertThat(records.size()).isBetween(100 * 300 * 95 / 100, 100 * 300 * 105 / 100);
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).sendAt()).isAfterOrEqualTo(records.get(i - 1).sendAt());
    }
    assertThat(records).allMatch(r -> !r.event().time().isAfter(r.sendAt()));
    assertThat(records)
        .extracting(r -> r.event().type())
        .contains(EventType.PAGE_VIEW, EventType.CLICK, EventType.TELEMETRY);
  }

  @Test
  void everyFault_isRejectedWithItsReason_atAnyArrivalTheTruthAllows() {
    List<SimRecord> records = run(faulty(11));
    EventDecoder decoder = EventDecoder.standard();
    Map<RejectReason, Integer> malformed = new EnumMap<>(RejectReason.class);
    for (SimRecord r : records) {
      for (Duration lag :
          List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(6).plusHours(23))) {
        DecodeResult d = decoder.decode(r.data(), r.sendAt().plus(lag));
        if (r.kind().valid()) {
          assertThat(d.isValid())
              .as("%s %s", r.kind(), new String(r.data(), StandardCharsets.UTF_8))
              .isTrue();
          assertThat(((DecodeResult.Valid) d).event()).isEqualTo(r.event());
        } else {
          assertThat(d).isInstanceOf(DecodeResult.Rejected.class);
          assertThat(((DecodeResult.Rejected) d).reason()).isEqualTo(r.expectedReject());
        }
      }
      if (r.kind() == SimRecord.Kind.MALFORMED) {
        malformed.merge(r.expectedReject(), 1, Integer::sum);
      }
    }
    for (RejectReason reason : FaultPlan.CONTRACT_REASONS) {
      assertThat(malformed.get(reason)).as(reason.code()).isEqualTo(3);
    }
    assertThat(records.stream().filter(r -> r.kind() == SimRecord.Kind.FUTURE)).hasSize(4);
  }

  @Test
  void duplicates_areTheSameBytes_sentWithinThreeSeconds() {
    List<SimRecord> records = run(faulty(5));
    Map<String, SimRecord> firstById = new HashMap<>();
    int dups = 0;
    for (SimRecord r : records) {
      if (r.kind() == SimRecord.Kind.DUPLICATE) {
        SimRecord first = firstById.get(r.event().eventId());
        assertThat(first).isNotNull();
        assertThat(r.data()).isEqualTo(first.data());
        assertThat(Duration.between(first.sendAt(), r.sendAt()))
            .isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
        dups++;
      } else if (r.kind().valid()) {
        firstById.put(r.event().eventId(), r);
      }
    }
    assertThat(dups).isGreaterThan(0);
  }

  @Test
  void truth_equalsWhatAnIndependentDecodeOfTheEmittedStreamCounts() throws Exception {
    SimConfig c = faulty(21);
    Simulator sim = new Simulator(c);
    TruthRecorder recorder = new TruthRecorder();
    List<SimRecord> records = new ArrayList<>();
    sim.forEachRemaining(
        r -> {
          recorder.record(r);
          records.add(r);
        });
    // write and read back: what others will see
    StringWriter out = new StringWriter();
    recorder.truth(sim).write(out);
    GroundTruth truth = GroundTruth.read(new BufferedReader(new StringReader(out.toString())));

    // recompute from the bytes alone, with the contract's decoder at the send time
    Map<GroundTruth.PageMinute, Set<String>> ids = new HashMap<>();
    Map<GroundTruth.PageMinute, Set<String>> devices = new HashMap<>();
    Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    Set<String> validIds = new HashSet<>();
    for (SimRecord r : records) {
      DecodeResult d = EventDecoder.standard().decode(r.data(), r.sendAt());
      if (d instanceof DecodeResult.Rejected rej) {
        rejects.merge(rej.reason(), 1L, Long::sum);
        continue;
      }
      var e = ((DecodeResult.Valid) d).event();
      validIds.add(e.eventId());
      if (e.type() == EventType.PAGE_VIEW) {
        var key = new GroundTruth.PageMinute(e.time().truncatedTo(ChronoUnit.MINUTES), e.page());
        ids.computeIfAbsent(key, k -> new HashSet<>()).add(e.eventId());
        devices.computeIfAbsent(key, k -> new HashSet<>()).add(e.deviceId());
      }
    }
    Map<GroundTruth.PageMinute, GroundTruth.PageCount> expected = new HashMap<>();
    ids.forEach(
        (k, v) -> expected.put(k, new GroundTruth.PageCount(v.size(), devices.get(k).size())));
    assertThat(truth.pageMinutes()).isEqualTo(expected);
    for (RejectReason reason : RejectReason.values()) {
      assertThat(truth.rejects().get(reason))
          .as(reason.code())
          .isEqualTo(rejects.getOrDefault(reason, 0L));
    }
    assertThat(truth.events().distinctValidEventIds()).isEqualTo(validIds.size());
    assertThat(truth.events().recordsSent()).isEqualTo(records.size());
    assertThat(truth.faults().late()).isPositive();
    assertThat(truth.anomalies()).hasSize(AnomalyKind.values().length);
    assertThat(truth).isEqualTo(recorder.truth(sim));
  }

  @Test
  void anomaliesAfter_noAnomalyStartsBeforeIt_andItMustLeave30sOfTheRun() {
    SimConfig c =
        SimConfig.of(4, START, 200, Duration.ofMinutes(2), 200)
            .withAnomalies(SimConfig.defaultAnomalies())
            .withAnomaliesAfter(Duration.ofSeconds(90));
    Simulator sim = new Simulator(c);
    while (sim.hasNext()) {
      sim.next();
    }
    assertThat(sim.anomalies()).hasSize(5);
    assertThat(sim.anomalies())
        .allSatisfy(l -> assertThat(l.start()).isAfterOrEqualTo(START.plusSeconds(90)));
    assertThat(c.anomalyStartSecond()).isEqualTo(90);
    assertThat(SimConfig.of(4, START, 200, Duration.ofMinutes(2), 200).anomalyStartSecond())
        .isEqualTo(30);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> c.withAnomaliesAfter(Duration.ofSeconds(91)))
        .hasMessageContaining("anomalies-after: must leave at least 30s of the run");
  }

  @Test
  void pageSpike_multipliesThePagesViews_andPageDrop_removesMost() {
    SimConfig c =
        SimConfig.of(9, START, 200, Duration.ofMinutes(12), 500)
            .withAnomalies(Map.of(AnomalyKind.PAGE_SPIKE, 1, AnomalyKind.PAGE_DROP, 1))
            .withDayLength(Duration.ofHours(24));
    Simulator sim = new Simulator(c);
    TruthRecorder recorder = new TruthRecorder();
    sim.forEachRemaining(recorder::record);
    GroundTruth truth = recorder.truth(sim);
    for (AnomalyLabel a : truth.anomalies()) {
      double inside = perMinute(truth, a.key(), a.start(), a.end());
      double before =
          perMinute(truth, a.key(), c.start(), a.start().truncatedTo(ChronoUnit.MINUTES));
      if (a.kind() == AnomalyKind.PAGE_SPIKE) {
        assertThat(inside).isGreaterThan(before * a.magnitude() * 0.6);
      } else {
        assertThat(inside).isLessThan(before * 0.3);
      }
    }
  }

  private static double perMinute(GroundTruth t, String page, Instant from, Instant to) {
    Instant a = from.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    Instant b = to.truncatedTo(ChronoUnit.MINUTES);
    long views = 0;
    long minutes = 0;
    for (Instant m = a; m.isBefore(b); m = m.plus(1, ChronoUnit.MINUTES)) {
      GroundTruth.PageCount pc = t.pageMinutes().get(new GroundTruth.PageMinute(m, page));
      views += pc == null ? 0 : pc.views();
      minutes++;
    }
    return minutes == 0 ? 0 : (double) views / minutes;
  }

  @Test
  void deviceAnomalies_showInTheDevicesReadings() {
    SimConfig c =
        SimConfig.of(4, START, 300, Duration.ofMinutes(8), 60)
            .withAnomalies(
                Map.of(
                    AnomalyKind.DEVICE_OUTLIER,
                    1,
                    AnomalyKind.DEVICE_LEVEL_SHIFT,
                    1,
                    AnomalyKind.DEVICE_BURST,
                    1));
    Simulator sim = new Simulator(c);
    List<SimRecord> records = new ArrayList<>();
    sim.forEachRemaining(records::add);
    for (AnomalyLabel a : sim.anomalies()) {
      List<SimRecord> ofDevice =
          records.stream().filter(r -> r.partitionKey().equals(a.key())).toList();
      long inside =
          ofDevice.stream()
              .filter(r -> !r.sendAt().isBefore(a.start()) && r.sendAt().isBefore(a.end()))
              .count();
      long before = ofDevice.stream().filter(r -> r.sendAt().isBefore(a.start())).count();
      double secondsBefore = Duration.between(c.start(), a.start()).toSeconds();
      double secondsInside = Duration.between(a.start(), a.end()).toSeconds();
      switch (a.kind()) {
        case DEVICE_BURST ->
            assertThat(inside / secondsInside).isGreaterThan(10 * before / secondsBefore);
        case DEVICE_OUTLIER, DEVICE_LEVEL_SHIFT -> {
          double baseline =
              ofDevice.stream()
                  .filter(r -> r.sendAt().isBefore(a.start()))
                  .mapToDouble(r -> r.event().metrics().get(a.metric()))
                  .average()
                  .orElseThrow();
          double sigma = Telemetry.SIGMA[List.of(Telemetry.METRICS).indexOf(a.metric())];
          double after =
              ofDevice.stream()
                  .filter(r -> !r.sendAt().isBefore(a.start()) && r.sendAt().isBefore(a.end()))
                  .mapToDouble(r -> r.event().metrics().get(a.metric()))
                  .max()
                  .orElseThrow();
          assertThat(after - baseline).isGreaterThan(a.magnitude() * sigma * 0.6);
        }
        default -> throw new AssertionError(a.kind());
      }
    }
  }

  private static GroundTruth truth(SimConfig c) {
    Simulator sim = new Simulator(c);
    TruthRecorder recorder = new TruthRecorder();
    sim.forEachRemaining(recorder::record);
    return recorder.truth(sim);
  }
}
