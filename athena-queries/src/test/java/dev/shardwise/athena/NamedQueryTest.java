package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedQueryTest {
  private final NamedQuery query =
      new NamedQuery(
          "by_page",
          "views of a page",
          List.of(
              new QueryParameter("page", ParameterType.VARCHAR, null, "the page"),
              new QueryParameter("day", ParameterType.DATE, null, "the day"),
              new QueryParameter("top", ParameterType.BIGINT, "5", "how many")),
          List.of("day", "page", "day", "top"),
          "SELECT ...");

  @Test
  void executionParameters_quoteTextSoItCannotBreakOutOfTheLiteral() {
    List<String> params =
        query.executionParameters(Map.of("page", "/x' OR '1'='1", "day", "2026-11-21"));

    assertThat(params).containsExactly("'2026-11-21'", "'/x'' OR ''1''=''1'", "'2026-11-21'", "5");
  }

  @Test
  void executionParameters_reportEveryProblemAtOnce() {
    assertThatThrownBy(() -> query.executionParameters(Map.of("day", "21.11.2026", "pge", "/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'pge'")
        .hasMessageContaining("missing parameter 'page'")
        .hasMessageContaining("parameter 'day': '21.11.2026' is not a date (yyyy-MM-dd)")
        .hasMessageContaining("page=<varchar> day=<date> [top=5]");
  }

  @Test
  void parameterTypes_validateAndNormalise() {
    assertThat(ParameterType.TIMESTAMP.literal("2026-11-21"))
        .isEqualTo("'2026-11-21 00:00:00.000'");
    assertThat(ParameterType.TIMESTAMP.literal("2026-11-21T10:15:30.5+02:00"))
        .isEqualTo("'2026-11-21 08:15:30.500'");
    assertThat(ParameterType.BIGINT.literal(" 42 ")).isEqualTo("42");
    assertThat(ParameterType.DOUBLE.literal("1e3")).isEqualTo("1000");
    assertThatThrownBy(() -> ParameterType.BIGINT.literal("1; DROP TABLE events"))
        .hasMessageContaining("is not a bigint");
    assertThatThrownBy(() -> ParameterType.TIMESTAMP.literal("yesterday"))
        .hasMessageContaining("is not a timestamp");
  }

  @Test
  void construction_refusesBindsThatNameNoParameter() {
    assertThatThrownBy(
            () ->
                new NamedQuery(
                    "q",
                    "d",
                    List.of(new QueryParameter("a", ParameterType.BIGINT, null, "a")),
                    List.of("a", "b"),
                    "SELECT ?, ?"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("binds names b");
  }

  @Test
  void construction_refusesAParameterThatIsNeverBound() {
    assertThatThrownBy(
            () ->
                new NamedQuery(
                    "q",
                    "d",
                    List.of(new QueryParameter("a", ParameterType.BIGINT, null, "a")),
                    List.of(),
                    "SELECT 1"))
        .hasMessageContaining("parameter a is never bound");
  }
}
