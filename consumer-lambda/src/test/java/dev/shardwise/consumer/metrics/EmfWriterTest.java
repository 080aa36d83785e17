package dev.shardwise.consumer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.core.event.RejectReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-21T10:16:00.250Z");

  private static JsonNode write(InvocationMetrics m) throws Exception {
    List<String> lines = new ArrayList<>();
    new EmfWriter("Shardwise", lines::add).write("shardId-000000000004", NOW, m);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain("\n");
    return JSON.readTree(lines.get(0));
  }

  private static List<String> names(JsonNode root) {
    List<String> out = new ArrayList<>();
    root.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(n -> out.add(n.get("Name").asText()));
    return out;
  }

  @Test
  void line_isAnEmfDocument_perShardAndFunctionWide() throws Exception {
    InvocationMetrics m = new InvocationMetrics();
    m.recordsIn(3);
    m.userRecord();
    m.userRecord();
    m.userRecord();
    m.event(true, false, 1_500);
    m.event(false, true, 500);
    m.rejected(RejectReason.BAD_UTF8);
    m.emitRetries(2);
    m.batchDurationMs(12);

    JsonNode root = write(m);

    assertThat(root.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
    JsonNode directive = root.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo("Shardwise");
    assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"ShardId\"],[]]");
    assertThat(root.get("ShardId").asText()).isEqualTo("shardId-000000000004");
    for (String name : names(root)) {
      assertThat(root.has(name)).as(name).isTrue();
    }
    assertThat(root.get("RecordsIn").asLong()).isEqualTo(3);
    assertThat(root.get("UserRecords").asLong()).isEqualTo(3);
    assertThat(root.get("EventsValid").asLong()).isEqualTo(2);
    assertThat(root.get("EventsCounted").asLong()).isEqualTo(1);
    assertThat(root.get("Duplicates").asLong()).isEqualTo(1);
    assertThat(root.get("LateEvents").asLong()).isEqualTo(1);
    assertThat(root.get("Rejected").asLong()).isEqualTo(1);
    assertThat(root.get("Rejected.bad_utf8").asLong()).isEqualTo(1);
    assertThat(root.has("Rejected.malformed_json")).isFalse();
    assertThat(root.get("EventAgeMaxMs").asLong()).isEqualTo(1_500);
    assertThat(root.get("EventAgeAvgMs").asLong()).isEqualTo(1_000);
    assertThat(root.get("EmitRetries").asLong()).isEqualTo(2);
    assertThat(root.get("BatchDurationMs").asLong()).isEqualTo(12);
    assertThat(root.get("BatchFailures").asLong()).isZero();
  }

  @Test
  void manyAnomalyKinds_stayUnderTheHundredMetricLimit() throws Exception {
    InvocationMetrics m = new InvocationMetrics();
    for (RejectReason r : RejectReason.values()) {
      m.rejected(r);
    }
    for (int k = 0; k < 150; k++) {
      m.anomaly(String.format("kind_%03d", k));
    }

    JsonNode root = write(m);

    assertThat(names(root)).hasSizeLessThanOrEqualTo(EmfWriter.MAX_METRICS);
    assertThat(root.get("Anomalies").asLong()).isEqualTo(150);
    assertThat(root.get("Anomalies.kind_000").asLong()).isEqualTo(1);
    assertThat(root.get("Anomalies.other").asLong()).isEqualTo(150 - EmfWriter.MAX_KINDS);
    assertThat(root.at("/_aws/CloudWatchMetrics/0/Dimensions").size()).isLessThanOrEqualTo(30);
  }

  @Test
  void structuredErrors_areOneJsonEventWithTheStackTrace() throws Exception {
    List<String> lines = new ArrayList<>();

    new StructuredLog(lines::add)
        .error(
            "batch stopped",
            java.util.Map.of("shardId", "s-1", "failedRecord", 7),
            new IllegalStateException("boom"));

    JsonNode n = JSON.readTree(lines.get(0));
    assertThat(n.get("level").asText()).isEqualTo("ERROR");
    assertThat(n.get("failedRecord").asLong()).isEqualTo(7);
    assertThat(n.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(n.get("stackTrace").asText()).contains("boom").contains("EmfWriterTest");
  }
}
