package dev.shardwise.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import org.junit.jupiter.api.Test;

/**
 * The shipped JQ partition queries, run with jackson-jq (the local Firehose's engine) and with jq
 * 1.6 (the version Firehose runs), against the UTC date and hour that java.time computes.
 */
class PartitionQueriesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH");
  static final Map<String, String> LOCAL =
      DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "a-bucket", "events");

  static String query(String stream) {
    return DeliveryStreamDefinitions.load(stream, LOCAL)
        .extendedS3DestinationConfiguration()
        .metadataExtractionQuery()
        .orElseThrow();
  }

  static final JsonQuery EVENTS = compile(query("shardwise-events"));

  static JsonQuery compile(String q) {
    try {
      return JsonQuery.compile(q, Versions.JQ_1_6);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static List<JsonNode> run(JsonQuery q, String json) throws Exception {
    Scope scope = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
    List<JsonNode> out = new ArrayList<>();
    q.apply(scope, JSON.readTree(json), out::add);
    return out;
  }

  static String rfc3339(long epochSecond, int millis, int offsetMinutes, boolean fraction) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    var t =
        OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, millis * 1_000_000L), offset);
    String pattern = fraction ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : "yyyy-MM-dd'T'HH:mm:ssXXX";
    return t.format(DateTimeFormatter.ofPattern(pattern));
  }

  static String expected(long epochSecond) {
    var utc = Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC);
    return "{\"dt\":\"" + utc.format(DT) + "\",\"hour\":\"" + utc.format(HOUR) + "\"}";
  }

  @Property(tries = 2000)
  void events_dtAndHourAreTheUtcDateAndHourOfTime(
      @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond,
      @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes,
      @ForAll @IntRange(min = 0, max = 999) int millis,
      @ForAll boolean fraction)
      throws Exception {
    String time = rfc3339(epochSecond, millis, offsetMinutes, fraction);

    List<JsonNode> out = run(EVENTS, "{\"time\":\"" + time + "\",\"device_id\":\"d\"}");

    assertThat(out).hasSize(1);
    assertThat(out.get(0).toString()).as(time).isEqualTo(expected(epochSecond));
  }

  @Test
  void events_failsWhenTimeIsMissingMalformedOrWithoutOffset() {
    for (String json :
        List.of(
            "{}",
            "{\"time\":null}",
            "{\"time\":1700000000}",
            "{\"time\":\"2026-11-21T10:15:30\"}",
            "{\"time\":\"2026-11-21 10:15:30Z\"}",
            "{\"time\":\"2026-02-30T10:15:30Z\"}",
            "{\"time\":\"2026-11-21T24:00:00Z\"}")) {
      assertThatThrownBy(() -> run(EVENTS, json)).as(json).isInstanceOf(Exception.class);
    }
  }

  @Test
  void consumerOutputs_partitionByTheDateOfTheirUtcTimestamp() throws Exception {
    assertThat(
            run(
                compile(query("shardwise-page-views")),
                "{\"minute\":\"2026-11-21T23:59:00.000Z\"}"))
        .extracting(JsonNode::toString)
        .containsExactly("{\"dt\":\"2026-11-21\"}");
    assertThat(
            run(
                compile(query("shardwise-anomalies")),
                "{\"detected_at\":\"2026-01-02T00:00:00.000Z\"}"))
        .extracting(JsonNode::toString)
        .containsExactly("{\"dt\":\"2026-01-02\"}");
    assertThat(
            run(
                compile(query("shardwise-rejects")),
                "{\"arrival_time\":\"2026-03-04T05:06:07.000Z\"}"))
        .extracting(JsonNode::toString)
        .containsExactly("{\"dt\":\"2026-03-04\"}");
    // a missing field yields a null key, which Firehose sends to the error prefix
    assertThat(run(compile(query("shardwise-rejects")), "{}"))
        .extracting(JsonNode::toString)
        .containsExactly("{\"dt\":null}");
  }

  /** The same query under jq 1.6 itself (Debian package {@code jq}), on 500 random times. */
  @Test
  void events_jq16AgreesWithJavaTime() throws Exception {
    File jq = new File("/usr/bin/jq");
    assertThat(jq.canExecute())
        .as("this test needs jq 1.6 at /usr/bin/jq (apt-get install jq); .ci/run installs it")
        .isTrue();
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      long s = random.nextLong(0, 4_102_444_800L);
      input
          .append("{\"time\":\"")
          .append(
              rfc3339(
                  s,
                  random.nextInt(1000),
                  random.nextInt(-18 * 60, 18 * 60 + 1),
                  random.nextBoolean()))
          .append("\"}\n");
      expected.add(expected(s));
    }
    Path in = Files.createTempFile("events", ".jsonl");
    Path program = Files.createTempFile("events", ".jq");
    try {
      Files.writeString(in, input);
      Files.writeString(program, query("shardwise-events"));
      Process p =
          new ProcessBuilder(jq.getPath(), "-c", "-f", program.toString(), in.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      String version =
          new String(
                  new ProcessBuilder(jq.getPath(), "--version")
                      .start()
                      .getInputStream()
                      .readAllBytes(),
                  StandardCharsets.UTF_8)
              .trim();
      assertThat(version).isEqualTo("jq-1.6");
      assertThat(out.lines().toList()).containsExactlyElementsOf(expected);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(program);
    }
  }
}
