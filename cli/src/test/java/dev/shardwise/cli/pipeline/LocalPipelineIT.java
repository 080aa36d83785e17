package dev.shardwise.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.producer.sim.FaultPlan;
import dev.shardwise.producer.sim.SimConfig;
import dev.shardwise.producer.sim.SimulationRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the whole local pipeline (publisher, Kinesis, the shared mapping with the real
 * consumer, Firehose, S3, Athena) with duplicates, late and malformed records: the verdict passes.
 */
class LocalPipelineIT {
  @TempDir Path dataDir;

  @Test
  void smallRunWithFaults_verdictPasses() throws Exception {
    // GIVEN a pipeline and a short simulation with every kind of simulated fault
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SimConfig sim =
        SimConfig.of(7, now.minus(Duration.ofSeconds(40)), 100, Duration.ofSeconds(30), 200)
            .withFaults(FaultPlan.defaults());
    try (LocalPipeline p = LocalPipeline.builder(dataDir).option("alarms", "off").start()) {
      // WHEN it is sent as fast as the publisher takes it, drained and compared
      LocalPipeline.Result r =
          p.run(sim, SimulationRunner.Pacer.unpaced(), Duration.ofMinutes(1), (s, d) -> {});

      // THEN everything arrived and the views equal the truth
      assertThat(r.produced().failed()).isZero();
      assertThat(r.drained()).isTrue();
      assertThat(r.verdict().lines()).isNotEmpty();
      assertThat(r.verdict().differences()).as(String.join("\n", r.verdict().lines())).isEmpty();
      assertThat(r.verdict().passed()).isTrue();
      assertThat(r.verdict().actualViews()).isPositive().isEqualTo(r.verdict().expectedViews());
      assertThat(r.verdict().actualRejects().values().stream().mapToLong(Long::longValue).sum())
          .isPositive();
      assertThat(p.resources().mapping().progress().recordsDiscarded()).isZero();
      assertThat(p.status().onFailureMessages()).isZero();
      assertThat(p.status().consumed()).isEqualTo(r.produced().succeeded());
    }
  }

  @Test
  void restartBeforeTheDrain_resumesFromTheCheckpoints_verdictPasses() throws Exception {
    // GIVEN records sent while the consumer runs, then the runtime closed before any drain
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SimConfig sim =
        SimConfig.of(11, now.minus(Duration.ofSeconds(40)), 150, Duration.ofSeconds(30), 100)
            .withFaults(FaultPlan.defaults());
    SimulationRunner.Result produced;
    try (LocalPipeline p = LocalPipeline.builder(dataDir).option("alarms", "off").start()) {
      produced = p.produce(sim, SimulationRunner.Pacer.unpaced(), (s, d) -> {});
    }

    // WHEN a new runtime starts on the same data directory and drains
    try (LocalPipeline p = LocalPipeline.builder(dataDir).option("alarms", "off").start()) {
      assertThat(p.drain(Duration.ofMinutes(1))).isTrue();

      // THEN nothing was lost or counted twice across the restart
      Verdict v = p.verdict(produced.truth());
      assertThat(v.differences()).as(String.join("\n", v.lines())).isEmpty();
      assertThat(v.actualViews()).isPositive();
    }
  }
}
