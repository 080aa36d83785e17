package dev.shardwise.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.esm.internal.FilterCriteria;
import dev.shardwise.local.esm.internal.PolledRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FilterCriteriaTest {

  private static PolledRecord record(String data) {
    return new PolledRecord("1", "pk", data.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
  }

  @Test
  void noPatterns_passEverything_evenNonJson() {
    assertThat(FilterCriteria.parse(List.of()).test(record("not json"))).isTrue();
  }

  @Test
  void patternsOnData_matchLiteralsPrefixesNumbersAndExistence() {
    Predicate<PolledRecord> f =
        FilterCriteria.parse(
            List.of(
                "{\"data\": {\"type\": [\"page_view\"], \"page\": [{\"prefix\": \"/shop\"}]}}",
                "{\"data\": {\"load_ms\": [{\"numeric\": [\">\", 1000, \"<=\", 5000]}]}}",
                "{\"data\": {\"country\": [{\"exists\": false}], \"type\": [\"click\"]}}"));

    assertThat(f.test(record("{\"type\":\"page_view\",\"page\":\"/shop/a\"}"))).isTrue();
    assertThat(f.test(record("{\"type\":\"page_view\",\"page\":\"/home\"}"))).isFalse();
    assertThat(f.test(record("{\"type\":\"telemetry\",\"load_ms\":1500}"))).isTrue();
    assertThat(f.test(record("{\"type\":\"telemetry\",\"load_ms\":999}"))).isFalse();
    assertThat(f.test(record("{\"type\":\"click\"}"))).isTrue();
    assertThat(f.test(record("{\"type\":\"click\",\"country\":\"DE\"}"))).isFalse();
    assertThat(f.test(record("\u0000\u0001binary"))).isFalse();
  }

  @Test
  void anythingBut_andArraysInTheRecord() {
    Predicate<PolledRecord> f =
        FilterCriteria.parse(
            List.of("{\"data\": {\"tags\": [\"red\"], \"type\": [{\"anything-but\": [\"x\"]}]}}"));
    assertThat(f.test(record("{\"tags\":[\"blue\",\"red\"],\"type\":\"y\"}"))).isTrue();
    assertThat(f.test(record("{\"tags\":[\"blue\"],\"type\":\"y\"}"))).isFalse();
    assertThat(f.test(record("{\"tags\":[\"red\"],\"type\":\"x\"}"))).isFalse();
  }

  @Test
  void aPatternOnAnotherKey_isRefusedWithLambdasReason() {
    assertThatThrownBy(() -> FilterCriteria.parse(List.of("{\"partitionKey\": [\"a\"]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only support filtering on the data key");
    assertThatThrownBy(() -> FilterCriteria.parse(List.of("{\"data\": {\"a\": \"b\"}}")))
        .hasMessageContaining("'a' must be an object or a non-empty array");
  }
}
