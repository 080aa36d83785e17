package dev.shardwise.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.local.report.LineChart.PlacedMark;
import dev.shardwise.local.report.ReportData.Mark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LineChartMarksTest {
  private static final Instant FROM = Instant.parse("2026-12-06T10:00:00Z");

  /** One pixel per second, as a 15-minute chart roughly draws. */
  private static final Function<Instant, Double> X =
      t -> 64.0 + (t.getEpochSecond() - FROM.getEpochSecond());

  @Test
  void marksAtTheSameMinute_becomeOneMarkerThatNamesTheOthers() {
    List<Mark> marks =
        List.of(
            new Mark(FROM.plusSeconds(60), "device_outlier"),
            new Mark(FROM.plusSeconds(61), "device_burst"),
            new Mark(FROM.plusSeconds(62), "page_spike"));

    List<PlacedMark> placed = LineChart.layoutMarks(marks, X);

    assertThat(placed).hasSize(1);
    assertThat(placed.get(0).text()).isEqualTo("device_outlier +2 more");
    assertThat(placed.get(0).tooltip())
        .contains("device_outlier at")
        .contains("device_burst at")
        .contains("page_spike at");
  }

  @Test
  void randomMarks_neverOverlapInARow_andEveryMarkIsInATooltip() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      List<Mark> marks = new ArrayList<>();
      int n = 1 + random.nextInt(30);
      for (int i = 0; i < n; i++) {
        marks.add(new Mark(FROM.plusSeconds(random.nextInt(900)), "kind_" + random.nextInt(1000)));
      }

      List<PlacedMark> placed = LineChart.layoutMarks(marks, X);

      for (int a = 0; a < placed.size(); a++) {
        for (int b = a + 1; b < placed.size(); b++) {
          PlacedMark p = placed.get(a);
          PlacedMark q = placed.get(b);
          if (p.row() >= 0 && p.row() == q.row()) {
            boolean apart = p.textEnd() < q.x() || q.textEnd() < p.x();
            assertThat(apart).as("labels %s and %s in row %d", p, q, p.row()).isTrue();
          }
        }
      }
      assertThat(placed).allSatisfy(p -> assertThat(p.row()).isLessThan(LineChart.MARK_ROWS));
      String tooltips = String.join("\n", placed.stream().map(PlacedMark::tooltip).toList());
      long lines = tooltips.lines().count();
      assertThat(lines).isEqualTo(marks.size());
      for (Mark m : marks) {
        assertThat(tooltips).contains(m.label() + " at ");
      }
    }
  }
}
