package dev.shardwise.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {
  private static final Map<String, String> LAMBDA = Map.of("AWS_REGION", "eu-central-1");

  private static Map<String, String> with(String key, String value) {
    Map<String, String> env = new HashMap<>(LAMBDA);
    env.put(key, value);
    return env;
  }

  @Test
  void defaults_matchTheSharedResourceNames() {
    ConsumerConfig c = ConsumerConfig.fromEnvironment(LAMBDA);

    assertThat(c.pageViewsStream()).isEqualTo("shardwise-page-views");
    assertThat(c.anomaliesStream()).isEqualTo("shardwise-anomalies");
    assertThat(c.rejectsStream()).isEqualTo("shardwise-rejects");
    assertThat(c.stateBucket()).isEqualTo("shardwise-state");
    assertThat(c.statePrefix()).isEqualTo("consumer-state/");
    assertThat(c.stateBudgetChars()).isEqualTo(950_000);
    assertThat(c.lateGrace()).isZero();
    assertThat(c.dedupWindows()).isEqualTo(1);
    assertThat(c.emitRetry().maxTotal()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.region()).isEqualTo("eu-central-1");
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.metricsNamespace()).isEqualTo("Shardwise");
  }

  @Test
  void durations_takeShortAndIsoForms() {
    assertThat(ConsumerConfig.fromEnvironment(with(ConsumerConfig.LATE_GRACE, "90s")).lateGrace())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(ConsumerConfig.fromEnvironment(with(ConsumerConfig.LATE_GRACE, "PT2M")).lateGrace())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(
            ConsumerConfig.fromEnvironment(with(ConsumerConfig.EMIT_BASE_DELAY, "250ms"))
                .emitRetry()
                .baseDelay())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void anEndpoint_makesTheRegionOptional() {
    ConsumerConfig c =
        ConsumerConfig.fromEnvironment(Map.of(ConsumerConfig.ENDPOINT, "http://127.0.0.1:4566"));

    assertThat(c.region()).isEqualTo("us-east-1");
    assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void everyBadValue_isRefusedNamingItsVariable() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry(ConsumerConfig.DETECT_ENABLED, "maybe"),
            Map.entry(ConsumerConfig.DETECT_WARMUP_WINDOWS, "0"),
            Map.entry(ConsumerConfig.DETECT_EVICT_AFTER, "10s"),
            Map.entry(ConsumerConfig.DETECT_THRESHOLD, "two"),
            Map.entry(ConsumerConfig.DETECT_MIN_RATIO, "0.5"),
            Map.entry(ConsumerConfig.DETECT_RCF_THRESHOLD, "100"),
            Map.entry(ConsumerConfig.DETECT_MAX_KEYS, "10"),
            Map.entry(ConsumerConfig.STATE_BUDGET_CHARS, "2000000"),
            Map.entry(ConsumerConfig.DEDUP_WINDOWS, "many"),
            Map.entry(ConsumerConfig.LATE_GRACE, "soon"),
            Map.entry(ConsumerConfig.STATE_BUCKET, "Not_A_Bucket"),
            Map.entry(ConsumerConfig.PAGE_VIEWS_STREAM, "spaces are bad"),
            Map.entry(ConsumerConfig.ENDPOINT, "ftp://x"),
            Map.entry(ConsumerConfig.REGION, "mars"));
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Map<String, String> env = new HashMap<>(LAMBDA);
      env.put(e.getKey(), e.getValue());
      assertThatThrownBy(() -> ConsumerConfig.fromEnvironment(env))
          .as(e.getKey())
          .isInstanceOfSatisfying(
              ConfigException.class, ex -> assertThat(ex.key()).isEqualTo(e.getKey()))
          .hasMessageStartingWith(e.getKey() + ": ");
    }
  }

  @Test
  void aMissingRegion_withoutEndpoint_isRefused() {
    assertThatThrownBy(() -> ConsumerConfig.fromEnvironment(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void backoffCeilingBelowItsBase_isRefused() {
    Map<String, String> env = with(ConsumerConfig.EMIT_BASE_DELAY, "3s");
    env.put(ConsumerConfig.EMIT_MAX_DELAY, "1s");

    assertThatThrownBy(() -> ConsumerConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(ConsumerConfig.EMIT_MAX_DELAY);
  }
}
