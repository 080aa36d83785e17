package dev.shardwise.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {

  @Test
  void run_rendersEveryChartFromTheDataDirectory(@TempDir Path dir) throws Exception {
    ReportRuns.writeRun(dir);
    ReportData d = ReportRuns.load(dir);

    assertThat(d.throughput())
        .extracting(ReportData.Series::label)
        .containsExactly(
            "Records written to the stream",
            "User records read by the consumer",
            "Valid events",
            "Events archived (Firehose)");
    assertThat(d.ages()).hasSize(3);
    assertThat(d.rejectsByReason())
        .extracting(ReportData.Bar::label)
        .containsExactly("bad_value", "malformed_json");
    assertThat(d.anomalyMarks()).extracting(ReportData.Mark::label).containsExactly("page_spike");
    assertThat(d.alarms())
        .extracting(ReportData.AlarmTrack::alarm)
        .contains(
            "shardwise-consumer-stalled",
            "shardwise-pipeline-unhealthy",
            "shardwise-anomaly-page-spike");

    String html = HtmlReport.render(d);
    Document doc = parse(html);
    assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(5);
    assertThat(html).contains("/search?&lt;q&gt;").doesNotContain("/search?<q>");
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("url(");
    assertThat(html)
        .contains("shardwise-consumer-stalled</td><td>critical</td><td>2026-11-22 10:25 UTC</td>");
  }

  @Test
  void emptyCharts_sayTheyAreEmpty() throws Exception {
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    ReportData d =
        new ReportData(
            "r & d",
            t,
            t,
            t.plusSeconds(600),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of("a <note>"));
    String html = HtmlReport.render(d);
    parse(html);
    assertThat(html)
        .contains("no data recorded")
        .contains("No alarm fired.")
        .contains("r &amp; d")
        .contains("a &lt;note&gt;");
  }

  @Test
  void emptySpan_isRefused() {
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    assertThatThrownBy(
            () ->
                new ReportData(
                    "r", t, t, t, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of()))
        .hasMessageContaining("span is empty");
  }

  @Test
  void emptyDataDirectory_saysWhatToRun(@TempDir Path dir) {
    assertThatThrownBy(() -> ReportRuns.load(dir)).hasMessageContaining("run `shardwise demo`");
  }

  @Test
  void metricsWithoutAlarmHistory_stillMakeAReport(@TempDir Path dir) throws Exception {
    // GIVEN a data directory with metrics and no alarm journal (a short run, alarms off)
    try (dev.shardwise.local.metrics.MetricStore store =
        dev.shardwise.local.metrics.MetricStore.open(
            dir,
            java.time.Clock.fixed(ReportRuns.T0, java.time.ZoneOffset.UTC),
            dev.shardwise.local.metrics.MetricStore.Config.defaults())) {
      new dev.shardwise.local.testing.PipelineMetrics(store)
          .minute(ReportRuns.T0, 100, true, 1000, 0);
    }

    // WHEN it is loaded THEN the span is the metrics' and there are no alarm tracks
    ReportData d = ReportRuns.load(dir);
    assertThat(d.from()).isEqualTo(ReportRuns.T0);
    assertThat(d.throughput()).isNotEmpty();
  }

  @Test
  void withTopPages_addsThePagesAndDropsTheNoteSayingTheyAreMissing(@TempDir Path dir)
      throws Exception {
    ReportRuns.writeRun(dir);
    ReportData loaded =
        new ReportLoader(
                dev.shardwise.consumer.definitions.AlarmSpecification.load(),
                java.time.Clock.fixed(ReportRuns.T0.plusSeconds(2700), java.time.ZoneOffset.UTC))
            .load(dir, null, null);
    assertThat(loaded.notes()).contains(ReportLoader.PAGES_NOTE);

    ReportData d = loaded.withTopPages(ReportRuns.pages());

    assertThat(d.topPages()).hasSize(4);
    assertThat(d.notes()).doesNotContain(ReportLoader.PAGES_NOTE);
    assertThat(d.throughput()).isEqualTo(loaded.throughput());
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }
}
