package dev.shardwise.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JqOutputKeysTest {

  @Test
  void keysOfAnObjectConstruction() {
    assertThat(JqOutputKeys.of("{dt: .a[0:10], hour: (.b | tostring)}"))
        .containsExactly("dt", "hour");
  }

  @Test
  void keysOfTheLastPipelineStage_ignoringEarlierObjectsAndStrings() {
    assertThat(JqOutputKeys.of(".x as {a: $a} | \"|{no: 1}\" as $s | {\"dt\": $a, $hour}"))
        .containsExactly("dt", "hour");
  }

  @Test
  void refusesQueriesWhoseOutputIsNotAnObject() {
    assertThatThrownBy(() -> JqOutputKeys.of(".dt")).hasMessageContaining("as an object");
    assertThatThrownBy(() -> JqOutputKeys.of("{a: 1} + {b: 2}"))
        .hasMessageContaining("as an object");
    assertThatThrownBy(() -> JqOutputKeys.of("{a: 1, a: 2}")).hasMessageContaining("defined twice");
    assertThatThrownBy(() -> JqOutputKeys.of("{(.k): 1}")).hasMessageContaining("not a plain name");
    assertThatThrownBy(() -> JqOutputKeys.of("{a: (1}")).hasMessageContaining("unbalanced");
  }
}
