package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.infra.StackSettings.StreamMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

  private static StackSettings of(Map<String, Object> context) {
    return StackSettings.fromContext(context::get);
  }

  @Test
  void defaults_leaveTheStreamToItsDefinitionAndCutQueriesAtOneGigabyte() {
    StackSettings s = StackSettings.defaults();

    assertThat(s.streamMode()).isEmpty();
    assertThat(s.shardCount()).isEmpty();
    assertThat(s.retentionHours()).isEmpty();
    assertThat(s.bytesScannedCutoff()).isEqualTo(1_000_000_000L);
    assertThat(s.consumerJar()).isEqualTo(Path.of(StackSettings.DEFAULT_CONSUMER_JAR));
    assertThat(s.rawEventsInfrequentAccessDays()).isEqualTo(30);
    assertThat(s.rejectsExpirationDays()).isEqualTo(30);
    assertThat(s.athenaResultsExpirationDays()).isEqualTo(7);
  }

  @Test
  void context_acceptsStringsFromTheCommandLineAndNumbersFromCdkJson() {
    StackSettings s =
        of(
            Map.of(
                StackSettings.STREAM_MODE,
                "PROVISIONED",
                StackSettings.SHARD_COUNT,
                "10",
                StackSettings.RETENTION_HOURS,
                48,
                StackSettings.BYTES_SCANNED_CUTOFF_MB,
                250));

    assertThat(s.streamMode()).contains(StreamMode.PROVISIONED);
    assertThat(s.shardCount()).contains(10);
    assertThat(s.retentionHours()).contains(48);
    assertThat(s.bytesScannedCutoff()).isEqualTo(250_000_000L);
  }

  @Test
  void badValues_failNamingTheKey() {
    assertThatThrownBy(() -> of(Map.of(StackSettings.SHARD_COUNT, "ten")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("shardwise:shardCount: 'ten' is not a whole number");
    assertThatThrownBy(() -> of(Map.of(StackSettings.SHARD_COUNT, 501)))
        .hasMessage("shardwise:shardCount: 501 is outside 1..500");
    assertThatThrownBy(() -> of(Map.of(StackSettings.STREAM_MODE, "on-demand")))
        .hasMessage("shardwise:streamMode: 'on-demand' is not PROVISIONED or ON_DEMAND");
    assertThatThrownBy(() -> of(Map.of(StackSettings.RETENTION_HOURS, 12)))
        .hasMessage("shardwise:retentionHours: 12 is outside 24..8760");
    assertThatThrownBy(() -> of(Map.of(StackSettings.BYTES_SCANNED_CUTOFF_MB, 9)))
        .hasMessageContaining("shardwise:bytesScannedCutoffMB: must be at least 10");
    assertThatThrownBy(() -> of(Map.of(StackSettings.RAW_EVENTS_IA_DAYS, 29)))
        .hasMessageContaining(StackSettings.RAW_EVENTS_IA_DAYS);
  }

  @Test
  void onDemand_refusesAShardCount() {
    assertThatThrownBy(
            () -> of(Map.of(StackSettings.STREAM_MODE, "ON_DEMAND", StackSettings.SHARD_COUNT, 4)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("shardwise:shardCount: cannot be set with");
  }

  @Test
  void streamSpec_overridesTheDefinitionOnlyWhereSet() {
    StackSettings none = StackSettings.defaults();
    StackSettings onDemand = of(Map.of(StackSettings.STREAM_MODE, "ON_DEMAND"));
    StackSettings more = of(Map.of(StackSettings.SHARD_COUNT, 8));

    assertThat(StreamSpec.resolve("s", StreamMode.PROVISIONED, 2, 24, none))
        .isEqualTo(new StreamSpec("s", StreamMode.PROVISIONED, Optional.of(2), 24));
    assertThat(StreamSpec.resolve("s", StreamMode.PROVISIONED, 2, 24, onDemand))
        .isEqualTo(new StreamSpec("s", StreamMode.ON_DEMAND, Optional.empty(), 24));
    assertThat(StreamSpec.resolve("s", StreamMode.PROVISIONED, 2, 24, more).shardCount())
        .contains(8);
  }
}
