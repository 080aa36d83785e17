package dev.shardwise.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.firehose.PrefixTemplate.Expression;
import dev.shardwise.firehose.PrefixTemplate.Literal;
import org.junit.jupiter.api.Test;

class PrefixTemplateTest {

  @Test
  void parse_splitsLiteralsAndExpressions() {
    var t = PrefixTemplate.parse("events/dt=!{partitionKeyFromQuery:dt}/!{timestamp:yyyy}");

    assertThat(t.parts()).hasSize(4);
    assertThat(t.parts().get(0)).isEqualTo(new Literal("events/dt="));
    assertThat(((Expression) t.parts().get(1)).value()).isEqualTo("dt");
    assertThat(((Expression) t.parts().get(3)).formatter()).isNotNull();
    assertThat(t.queryKeys()).containsExactly("dt");
    assertThat(t.hasExpressions()).isTrue();
  }

  @Test
  void parse_plainText_hasNoExpressions() {
    assertThat(PrefixTemplate.parse("plain/").hasExpressions()).isFalse();
  }

  @Test
  void parse_refusesMalformedExpressions() {
    assertThatThrownBy(() -> PrefixTemplate.parse("a/!{timestamp}"))
        .hasMessageContaining("not of the form !{namespace:value}");
    assertThatThrownBy(() -> PrefixTemplate.parse("a/!{firehose:uuid}"))
        .hasMessageContaining("only error-output-type and random-string");
    assertThatThrownBy(() -> PrefixTemplate.parse("a/!{partitionKeyFromQuery:a b}"))
        .hasMessageContaining("a partition key name");
    assertThatThrownBy(() -> PrefixTemplate.parse("a/!{timestamp:yyyy"))
        .hasMessageContaining("unclosed expression at offset 2");
  }
}
