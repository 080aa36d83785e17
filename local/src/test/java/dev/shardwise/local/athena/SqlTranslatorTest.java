package dev.shardwise.local.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.athena.sql.SqlTranslator;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Query;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trino SQL translated and run on DuckDB gives Trino's answers, including where the two engines
 * differ by default; what cannot be translated faithfully fails with NOT_SUPPORTED.
 */
class SqlTranslatorTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  @TempDir static Path tmp;
  private static DuckDbSession session;

  @BeforeAll
  static void open() throws Exception {
    session = DuckDbSession.open(1, "256MB", tmp);
    session.execute(
        "CREATE TABLE \"test.t\" AS SELECT * FROM (VALUES (1, 'a', MAP {'cpu': 0.5, 'mem': 2.0}),"
            + " (2, NULL, NULL), (3, 'c', MAP {'cpu': 1.5})) v(id, name, metrics)");
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @Test
  void integerDivisionTruncatesAsInTrino() throws Exception {
    assertThat(run("SELECT 7 / 2, -7 / 2, 7 % 3")).containsExactly(List.of("3", "-3", "1"));
  }

  @Test
  void concatWithNullIsNull_asInTrino() throws Exception {
    assertThat(run("SELECT concat('a', name) FROM t ORDER BY id"))
        .containsExactly(List.of("aa"), nulls(1), List.of("ac"));
  }

  @Test
  void dateDiffCountsWholeUnits() throws Exception {
    assertThat(
            run(
                "SELECT date_diff('hour', TIMESTAMP '2026-11-21 10:30:00',"
                    + " TIMESTAMP '2026-11-21 11:15:00')"))
        .containsExactly(List.of("0"));
  }

  @Test
  void dateFormatsAndDateAdd() throws Exception {
    assertThat(
            run(
                "SELECT date_format(TIMESTAMP '2026-11-21 10:05:09', '%Y-%m-%d %H:%i:%s'),"
                    + " format_datetime(TIMESTAMP '2026-11-21 10:05:09', 'yyyy-MM-dd HH:mm'),"
                    + " date_add('hour', -3, TIMESTAMP '2026-11-21 10:00:00'),"
                    + " date_trunc('hour', TIMESTAMP '2026-11-21 10:05:09')"))
        .containsExactly(
            List.of(
                "2026-11-21 10:05:09",
                "2026-11-21 10:05",
                "2026-11-21 07:00:00.000",
                "2026-11-21 10:00:00.000"));
  }

  @Test
  void iso8601Parsing_isStrictAsInTrino() throws Exception {
    assertThat(
            run(
                "SELECT CAST(from_iso8601_timestamp('2026-11-21T10:15:30.123+02:00')"
                    + " AT TIME ZONE 'UTC' AS timestamp),"
                    + " try(from_iso8601_timestamp('2026-11-21 10:15:30')),"
                    + " try(from_iso8601_timestamp('yesterday')),"
                    + " from_iso8601_timestamp('2026-11-21T10:15:30Z')"))
        .containsExactly(
            Arrays.asList("2026-11-21 08:15:30.123", null, null, "2026-11-21 10:15:30.000 UTC"));
  }

  @Test
  void currentTimestampIsTheInjectedQueryTime() throws Exception {
    assertThat(run("SELECT current_timestamp, current_date, now()"))
        .containsExactly(
            List.of("2026-11-21 12:00:00.000 UTC", "2026-11-21", "2026-11-21 12:00:00.000 UTC"));
  }

  @Test
  void regexpExtractWithoutMatchIsNull() throws Exception {
    assertThat(run("SELECT regexp_extract('abc', 'x'), regexp_extract('a1b2', '[0-9]')"))
        .containsExactly(Arrays.asList(null, "1"));
  }

  @Test
  void columnNames_followTrino() throws Exception {
    List<String> names =
        session.query(
            translate("SELECT id, T.Name, count(*), id + 1 AS Next FROM t GROUP BY 1, 2"),
            rs -> {
              ResultSetMetaData md = rs.getMetaData();
              List<String> out = new ArrayList<>();
              for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i));
              }
              return out;
            });
    assertThat(names).containsExactly("id", "name", "_col2", "next");
  }

  @Test
  void unnestOfAMap_givesKeyAndValue() throws Exception {
    assertThat(
            run(
                "SELECT t.id, m.metric, m.value FROM t CROSS JOIN UNNEST(t.metrics) AS m (metric,"
                    + " value) ORDER BY 1, 2"))
        .containsExactly(
            List.of("1", "cpu", "0.5"), List.of("1", "mem", "2.0"), List.of("3", "cpu", "1.5"));
  }

  @Test
  void nullsSortLastInBothDirections() throws Exception {
    assertThat(run("SELECT name FROM t ORDER BY name DESC"))
        .containsExactly(List.of("c"), List.of("a"), nulls(1));
    assertThat(run("SELECT name FROM t ORDER BY name"))
        .containsExactly(List.of("a"), List.of("c"), nulls(1));
  }

  @Test
  void windowsAndSubqueries() throws Exception {
    assertThat(
            run(
                "WITH r AS (SELECT id, row_number() OVER (ORDER BY id DESC) AS rn,"
                    + " sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s"
                    + " FROM t) SELECT id, rn, s FROM r WHERE id IN (SELECT id FROM t WHERE name"
                    + " IS NOT NULL) ORDER BY id"))
        .containsExactly(List.of("1", "3", "1"), List.of("3", "1", "5"));
  }

  @Test
  void parametersAreBoundAsLiterals() throws Exception {
    assertThat(run("SELECT count(*) FROM t WHERE name = ? OR id > ?", "'a'", "2"))
        .containsExactly(List.of("2"));
    assertThat(run("SELECT ?", "'it''s'")).containsExactly(List.of("it's"));
  }

  @Test
  void parameterThatIsNotALiteral_fails() {
    assertThatThrownBy(() -> run("SELECT count(*) FROM t WHERE name = ?", "(SELECT 'a')"))
        .isInstanceOf(QueryFailure.class)
        .hasMessageContaining("must be a literal");
    assertThatThrownBy(() -> run("SELECT ?, ?", "1"))
        .hasMessageContaining("Incorrect number of parameters: expected 2 but found 1");
  }

  @Test
  void unknownFunction_failsWithItsPosition() {
    assertThatThrownBy(() -> run("SELECT\n  levenshtein_distance(name, 'x') FROM t"))
        .isInstanceOf(QueryFailure.class)
        .satisfies(
            e -> {
              QueryFailure f = (QueryFailure) e;
              assertThat(f.errorName()).isEqualTo("NOT_SUPPORTED");
              assertThat(f.reason())
                  .startsWith("NOT_SUPPORTED: line 2:3: Function 'levenshtein_distance'");
            });
  }

  @Test
  void otherTimeZones_areRefusedRatherThanAnsweredDifferently() {
    assertThatThrownBy(
            () -> run("SELECT TIMESTAMP '2026-11-21 10:00:00' AT TIME ZONE 'Europe/Berlin'"))
        .hasMessageContaining("AT TIME ZONE other than 'UTC'");
  }

  @Test
  void unknownTable_isTableNotFound() {
    assertThatThrownBy(() -> run("SELECT * FROM nope"))
        .isInstanceOf(QueryFailure.class)
        .hasMessage("line 1:15: Table 'awsdatacatalog.test.nope' does not exist");
  }

  private static List<String> nulls(int n) {
    return Arrays.asList(new String[n]);
  }

  private static String translate(String sql, String... params) throws QueryFailure {
    Query q = (Query) new SqlParser().createStatement(sql);
    return new SqlTranslator(
            ParameterBinder.bind(q, List.of(params)),
            NOW,
            (name, at) -> {
              if (name.getSuffix().equalsIgnoreCase("t")) {
                return "\"test.t\"";
              }
              throw QueryFailure.user(
                  "TABLE_NOT_FOUND",
                  at,
                  "Table 'awsdatacatalog.test." + name.getSuffix() + "' does not exist");
            })
        .translate(q);
  }

  private static List<List<String>> run(String sql, String... params) throws Exception {
    String duck = translate(sql, params);
    return session.query(
        duck,
        rs -> {
          ResultSetMetaData md = rs.getMetaData();
          List<List<String>> rows = new ArrayList<>();
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              row.add(ValueFormatter.format(rs, i, md.getColumnTypeName(i)));
            }
            rows.add(row);
          }
          return rows;
        });
  }
}
