package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricMapTest {

  @Test
  void copy_iteratesInNameOrder_whateverTheSourceOrder() {
    Map<String, Double> source = new LinkedHashMap<>();
    source.put("z", 1.0);
    source.put("a", 2.0);
    source.put("m_1", 3.0);

    assertThat(List.copyOf(MetricMap.copyOf(source).keySet())).containsExactly("a", "m_1", "z");
  }

  @Test
  void copy_equalsAndHashesLikeAnyMapWithTheSameEntries() {
    Map<String, Double> source = new HashMap<>(Map.of("cpu", 0.5, "mem", 512.0));
    Map<String, Double> copy = MetricMap.copyOf(source);

    assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(source).isEqualTo(copy);
    assertThat(copy.get("cpu")).isEqualTo(0.5);
    assertThat(copy.get("nope")).isNull();
    assertThat(copy.get(42)).isNull();
    assertThat(copy.containsKey("mem")).isTrue();
  }

  @Test
  void negativeZero_isNotZero() {
    assertThat(MetricMap.copyOf(Map.of("a", -0.0))).isNotEqualTo(Map.of("a", 0.0));
  }

  @Test
  void copy_isImmutable_andDetachedFromItsSource() {
    Map<String, Double> source = new HashMap<>(Map.of("a", 1.0));
    Map<String, Double> copy = MetricMap.copyOf(source);
    source.put("b", 2.0);

    assertThat(copy).containsOnlyKeys("a");
    assertThatThrownBy(() -> copy.put("c", 3.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(copy::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copyOfACopy_isTheSameInstance_andNullIsEmpty() {
    Map<String, Double> copy = MetricMap.copyOf(Map.of("a", 1.0));

    assertThat(MetricMap.copyOf(copy)).isSameAs(copy);
    assertThat(MetricMap.copyOf(null)).isEmpty();
  }

  @Test
  void nullNamesOrValues_areRejected() {
    Map<String, Double> nullValue = new HashMap<>();
    nullValue.put("a", null);

    assertThatThrownBy(() -> MetricMap.copyOf(nullValue)).isInstanceOf(NullPointerException.class);
  }
}
