package dev.shardwise.producer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.FastPathDifferential;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every record of seeded simulator runs (valid, late, future, duplicates, poison) decodes alike on
 * the decoder's fast path and on its full path, and the simulator's valid events take the fast path
 * (docs/event-contract.md, "How decoding is fast").
 */
class SimulatorFastPathTest {

  @Test
  void everySimulatedRecord_decodesAlikeOnBothPaths_andValidOnesTakeTheFastPath() {
    for (long seed : new long[] {3, 11}) {
      // GIVEN a seeded run with anomalies and faults
      SimConfig config =
          SimConfig.of(seed, Instant.parse("2026-11-21T23:58:00Z"), 300, Duration.ofMinutes(3), 500)
              .withAnomalies(SimConfig.defaultAnomalies())
              .withFaults(FaultPlan.parse("duplicate=0.02,late=0.05,future=4,malformed=5"));
      Simulator sim = new Simulator(config);
      FastPathDifferential check = FastPathDifferential.standard();
      long valid = 0;
      while (sim.hasNext()) {
        SimRecord r = sim.next();
        // WHEN / THEN (arrival: when it is sent)
        assertThat(check.disagreement(r.data(), r.sendAt())).isNull();
        if (r.expectedReject() == null) {
          valid++;
        }
      }
      assertThat(valid).isGreaterThan(20_000);
      assertThat(check.taken()).isEqualTo(valid);
    }
  }
}
