package dev.shardwise.core.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.core.detect.Anomaly;
import dev.shardwise.core.detect.KeyType;
import dev.shardwise.core.detect.Severity;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.window.CloseReason;
import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowSummary;
import dev.shardwise.core.window.WindowTotals;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-21T10:15:00Z");
  private static final WindowSummary WINDOW =
      new WindowSummary(
          "shardId-000000000001",
          new SegmentKey(START, "4959033827149025660855969", -1),
          START.plusSeconds(60),
          CloseReason.WINDOW_END,
          List.of(),
          List.of(),
          new WindowTotals(0, 0, 0, 0, 0, 0, 0));

  private static JsonNode parse(byte[] line) throws Exception {
    String s = new String(line, StandardCharsets.UTF_8);
    assertThat(s).endsWith("\n").doesNotContain("\n{");
    return MAPPER.readTree(s);
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void pageViewRow_hasTheDocumentedColumns_andADeterministicId() throws Exception {
    PageMinute m =
        new PageMinute(Instant.parse("2026-11-21T10:14:00Z"), "/a\"b", 7, 3, 900, 2, 600, true);

    PageViewRow row = PageViewRow.of(WINDOW, m);
    JsonNode json = parse(RowJson.pageView(row));

    assertThat(fields(json))
        .containsExactly(
            "row_id",
            "shard_id",
            "window_start",
            "window_end",
            "segment",
            "minute",
            "page",
            "views",
            "unique_devices",
            "load_ms_sum",
            "load_ms_count",
            "load_ms_max",
            "late");
    assertThat(json.get("window_start").asText()).isEqualTo("2026-11-21T10:15:00.000Z");
    assertThat(json.get("minute").asText()).isEqualTo("2026-11-21T10:14:00.000Z");
    assertThat(json.get("page").asText()).isEqualTo("/a\"b");
    assertThat(json.get("views").asLong()).isEqualTo(7);
    assertThat(json.get("load_ms_max").asInt()).isEqualTo(600);
    assertThat(json.get("late").asBoolean()).isTrue();
    assertThat(row.rowId())
        .matches("[0-9a-f]{32}")
        .isEqualTo(
            RowIds.of(
                "shardId-000000000001",
                "2026-11-21T10:15:00.000Z",
                "4959033827149025660855969",
                "2026-11-21T10:14:00.000Z",
                "/a\"b"))
        .isEqualTo(PageViewRow.of(WINDOW, m).rowId());
  }

  @Test
  void pageViewRow_withoutLoadTimes_hasANullMax() throws Exception {
    PageViewRow row = PageViewRow.of(WINDOW, new PageMinute(START, "/", 1, 1, 0, 0, -1, false));

    assertThat(parse(RowJson.pageView(row)).get("load_ms_max").isNull()).isTrue();
  }

  @Test
  void rowIds_differWhenAnyKeyFieldDiffers() {
    assertThat(RowIds.of("a", "bc")).isNotEqualTo(RowIds.of("ab", "c"));
    assertThat(RowIds.of("shard", "1", "-1")).isNotEqualTo(RowIds.of("shard", "1", "0"));
  }

  @Test
  void rejectRow_keepsTheFirst4KiB_andIdentifiesTheUserRecord() throws Exception {
    byte[] data = new byte[10_000];
    data[0] = '{';

    RejectRow row =
        RejectRow.of(
            "shardId-000000000001",
            "4959",
            3,
            "device-7",
            Instant.parse("2026-11-21T10:15:01.5Z"),
            RejectReason.MALFORMED_JSON,
            "unexpected end",
            data,
            0,
            data.length);
    JsonNode json = parse(RowJson.reject(row));

    assertThat(fields(json))
        .containsExactly(
            "row_id",
            "shard_id",
            "sequence_number",
            "sub_sequence_number",
            "partition_key",
            "arrival_time",
            "reason",
            "message",
            "data_length",
            "data_base64");
    assertThat(json.get("reason").asText()).isEqualTo("malformed_json");
    assertThat(json.get("arrival_time").asText()).isEqualTo("2026-11-21T10:15:01.500Z");
    assertThat(json.get("data_length").asInt()).isEqualTo(10_000);
    assertThat(json.get("data_base64").binaryValue()).hasSize(4096);
    assertThat(row.rowId()).isEqualTo(RowIds.of("shardId-000000000001", "4959", "3"));
  }

  @Test
  void rejectRow_truncatesLongMessages_withoutSplittingACharacter() {
    String message = "x".repeat(1023) + "\uD83D\uDE00" + "y".repeat(50);

    RejectRow row =
        RejectRow.of("s", "1", -1, "pk", START, RejectReason.BAD_VALUE, message, new byte[0], 0, 0);

    assertThat(row.message()).hasSize(1023).doesNotContain("\uD83D");
  }

  @Test
  void anomalyRow_carriesTheFinding_withNullForNonFiniteNumbers() throws Exception {
    Anomaly a =
        new Anomaly(
            "page_views_spike",
            KeyType.PAGE,
            "/checkout",
            "views_per_minute",
            900,
            100,
            40,
            160,
            Double.POSITIVE_INFINITY,
            6,
            Severity.CRITICAL);

    AnomalyRow row = AnomalyRow.of(WINDOW, a);
    JsonNode json = parse(RowJson.anomaly(row));

    assertThat(fields(json))
        .containsExactly(
            "row_id",
            "shard_id",
            "detected_at",
            "window_start",
            "window_end",
            "segment",
            "kind",
            "key_type",
            "key",
            "metric",
            "observed",
            "expected",
            "band_low",
            "band_high",
            "score",
            "threshold",
            "severity");
    assertThat(json.get("detected_at").asText()).isEqualTo("2026-11-21T10:16:00.000Z");
    assertThat(json.get("key_type").asText()).isEqualTo("page");
    assertThat(json.get("observed").asDouble()).isEqualTo(900.0);
    assertThat(json.get("score").isNull()).isTrue();
    assertThat(json.get("severity").asText()).isEqualTo("critical");
  }
}
