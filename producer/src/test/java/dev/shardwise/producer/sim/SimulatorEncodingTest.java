package dev.shardwise.producer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.testing.JacksonReferenceEncoder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The simulator's events (web and telemetry, anomalies and faults on) encode to exactly the bytes
 * of the Jackson-generator encoder the hand-written one replaced.
 */
class SimulatorEncodingTest {

  @Test
  void everySimulatedEvent_encodesToTheReferencesBytes() {
    for (long seed : new long[] {1, 7, 42}) {
      // GIVEN a seeded run with anomalies and faults (late and future times among them)
      SimConfig config =
          SimConfig.of(seed, Instant.parse("2026-11-21T23:58:00Z"), 400, Duration.ofMinutes(4), 500)
              .withAnomalies(SimConfig.defaultAnomalies())
              .withFaults(FaultPlan.parse("duplicate=0.02,late=0.05,future=4"));
      Simulator sim = new Simulator(config);
      int events = 0;
      while (sim.hasNext()) {
        SimRecord r = sim.next();
        if (r.event() == null) {
          continue;
        }
        // WHEN / THEN
        assertThat(EventEncoder.encode(r.event()))
            .as("event %s", r.event().eventId())
            .isEqualTo(JacksonReferenceEncoder.encode(r.event()));
        events++;
      }
      assertThat(events).isGreaterThan(50_000);
    }
  }
}
