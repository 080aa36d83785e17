package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code shardwise query} says without reaching Athena: the catalogue and usage errors. */
class QueryCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void list_printsEveryNamedQueryWithItsParameters() {
    int exit = run("query", "--list");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "top_pages",
            "page_views_per_minute",
            "unique_devices_per_day",
            "recent_anomalies",
            "device_telemetry",
            "reject_reasons",
            "pipeline_freshness",
            "duplicates_observed")
        .contains("--param from_time=<timestamp>")
        .contains("--param top=<bigint>  how many pages to list (default 10)");
  }

  @Test
  void missingParameters_areNamedWithTheirTypes_beforeAnyCall() {
    int exit =
        run(
            "query",
            "top_pages",
            "--param",
            "from_time=2026-11-21",
            "--endpoint-url",
            "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("missing parameter 'to_time'")
        .contains("from_time=<timestamp> to_time=<timestamp> [top=10]")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownQuery_pointsToTheList() {
    assertThat(run("query", "top_pagez")).isEqualTo(2);
    assertThat(err.toString()).contains("no named query 'top_pagez'; see shardwise query --list");
  }

  @Test
  void badFormat_isAUsageError() {
    assertThat(run("query", "--sql", "SELECT 1", "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format must be table, csv or json");
  }

  @Test
  void unreachableEndpoint_failsWithAMessage() {
    int exit = run("query", "--sql", "SELECT 1", "--endpoint-url", "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("cannot reach Athena at http://127.0.0.1:1")
        .doesNotContain("\tat ");
  }
}
