package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisConfigTest {
  @Test
  void fromMap_withNoKeys_isTheDefaults() {
    assertThat(KinesisConfig.fromMap(Map.of())).isEqualTo(KinesisConfig.defaults());
    assertThat(KinesisConfig.defaults().limits()).isEqualTo(KinesisLimits.aws());
  }

  @Test
  void fromMap_readsEveryKey() {
    KinesisConfig c =
        KinesisConfig.fromMap(
            Map.of(
                "kinesis.limits.factor", "2.5",
                "kinesis.max-retained-bytes-per-stream", "512MiB",
                "kinesis.fsync", "always",
                "kinesis.status-delay", "500ms",
                "kinesis.shard-limit", "20",
                "kinesis.region", "eu-west-1",
                "kinesis.account-id", "123456789012"));

    assertThat(c.limits()).isEqualTo(KinesisLimits.scaled(2.5));
    assertThat(c.maxRetainedBytesPerStream()).isEqualTo(512L * 1024 * 1024);
    assertThat(c.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
    assertThat(c.statusDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.shardLimit()).isEqualTo(20);
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.accountId()).isEqualTo("123456789012");
    assertThat(KinesisConfig.fromMap(Map.of("kinesis.limits", "off")).limits().enabled()).isFalse();
  }

  @Test
  void badValues_failWithTheirKey() {
    assertThatThrownBy(() -> KinesisConfig.fromMap(Map.of("kinesis.limits", "maybe")))
        .hasMessageContaining("kinesis.limits");
    assertThatThrownBy(() -> KinesisConfig.fromMap(Map.of("kinesis.limits.factor", "0")))
        .hasMessageContaining("kinesis.limits.factor");
    assertThatThrownBy(
            () -> KinesisConfig.fromMap(Map.of("kinesis.max-retained-bytes-per-stream", "lots")))
        .hasMessageContaining("kinesis.max-retained-bytes-per-stream");
    assertThatThrownBy(() -> KinesisConfig.fromMap(Map.of("kinesis.fsync", "sometimes")))
        .hasMessageContaining("kinesis.fsync");
    assertThatThrownBy(() -> KinesisConfig.fromMap(Map.of("kinesis.status-delay", "soon")))
        .hasMessageContaining("kinesis.status-delay");
    assertThatThrownBy(() -> KinesisConfig.fromMap(Map.of("kinesis.account-id", "42")))
        .hasMessageContaining("kinesis.account-id");
  }
}
