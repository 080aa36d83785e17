package dev.shardwise.local.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the Java equivalent of the shipped {@code shardwise-events} query against
 * jackson-jq on many generated records (seeded, so a failure reproduces).
 */
class CompiledQueriesTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> KEYS = Set.of("dt", "hour");

  private final Partitioner jq = new Partitioner(CompiledQueries.EVENTS_TIME_QUERY, KEYS, false);
  private final Partitioner fast = new Partitioner(CompiledQueries.EVENTS_TIME_QUERY, KEYS, true);

  @Test
  void shippedEventsQueryIsTheRegisteredText() {
    String shipped =
        DeliveryStreamDefinitions.load(
                "shardwise-events",
                DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none"))
            .extendedS3DestinationConfiguration()
            .metadataExtractionQuery()
            .orElseThrow();
    assertThat(shipped).isEqualTo(CompiledQueries.EVENTS_TIME_QUERY);
    assertThat(new Partitioner(shipped, KEYS).compiled()).isTrue();
  }

  @Test
  void anyOtherQueryIsEvaluatedByJq() {
    Partitioner p = new Partitioner(".time | {dt: .[0:10], hour: .[11:13]}", KEYS);
    assertThat(p.compiled()).isFalse();
    assertThat(p.partition(record("2024-02-29T23:10:00Z")))
        .isEqualTo(new Partitioner.Keys(Map.of("dt", "2024-02-29", "hour", "23")));
  }

  @Test
  void offsetsCrossDayMonthAndYearBoundaries() {
    assertKeys("2024-12-31T23:30:00-01:00", "2025-01-01", "00");
    assertKeys("2025-01-01T00:30:00+01:00", "2024-12-31", "23");
    assertKeys("2024-02-28T23:00:00-02:00", "2024-02-29", "01");
    assertKeys("2023-02-28T23:00:00-02:00", "2023-03-01", "01");
    assertKeys("2024-03-01T00:15:00+05:30", "2024-02-29", "18");
    assertKeys("2000-02-29t12:00:00z", "2000-02-29", "12");
    assertKeys("2026-12-06T06:17:00.123456Z", "2026-12-06", "06");
  }

  @Test
  void fastPathAgreesWithJqOnGeneratedRecords() {
    SplittableRandom random = new SplittableRandom(20261206);
    int answered = 0;
    int failed = 0;
    int total = 20_000;
    for (int i = 0; i < total; i++) {
      JsonNode record = generate(random);
      Partitioner.Outcome expected = jq.partition(record);
      Partitioner.Outcome actual = fast.partition(record);
      assertThat(actual).as("record %s", record).isEqualTo(expected);
      if (CompiledQueries.eventsTime(record) != null) {
        answered++;
      }
      if (expected instanceof Partitioner.Failed) {
        failed++;
      }
    }
    // the generator must exercise both the fast path and jq's errors
    assertThat(answered).isGreaterThan(total / 3);
    assertThat(failed).isGreaterThan(total / 10);
  }

  @Test
  void everyShippedQueryHasAJavaEquivalent() {
    for (String stream :
        List.of(
            "shardwise-events",
            "shardwise-page-views",
            "shardwise-anomalies",
            "shardwise-rejects")) {
      String query =
          DeliveryStreamDefinitions.load(
                  stream,
                  DeliveryStreamDefinitions.localValues(
                      "us-east-1", "000000000000", "bench", "none"))
              .extendedS3DestinationConfiguration()
              .metadataExtractionQuery()
              .orElseThrow();
      assertThat(CompiledQueries.forQuery(query)).as(stream).isPresent();
    }
  }

  @Test
  void prefixOfFieldAgreesWithJqOnGeneratedRecords() {
    Set<String> dt = Set.of("dt");
    Partitioner slow = new Partitioner("{dt: .minute[0:10]}", dt, false);
    Partitioner quick = new Partitioner("{dt: .minute[0:10]}", dt, true);
    assertThat(quick.compiled()).isTrue();
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "0123456789-:T Z\u00e9\ud83d\ude00x";
    int answered = 0;
    for (int i = 0; i < 5_000; i++) {
      ObjectNode n = F.objectNode();
      n.put("page", "/p");
      switch (random.nextInt(10)) {
        case 0 -> {}
        case 1 -> n.putNull("minute");
        case 2 -> n.put("minute", random.nextInt());
        case 3 -> n.putArray("minute").add("2024-01-01").add(2);
        default -> {
          StringBuilder b = new StringBuilder();
          int len = random.nextInt(16);
          for (int c = 0; c < len; c++) {
            b.append(
                random.nextInt(4) == 0
                    ? alphabet.charAt(random.nextInt(alphabet.length()))
                    : (char) ('0' + random.nextInt(10)));
          }
          n.put("minute", b.toString());
        }
      }
      JsonNode record = random.nextInt(50) == 0 ? F.arrayNode().add(n) : n;
      assertThat(quick.partition(record)).as("record %s", record).isEqualTo(slow.partition(record));
      if (CompiledQueries.prefixOfField("dt", "minute", 10).keys(record) != null) {
        answered++;
      }
    }
    assertThat(answered).isGreaterThan(1_000);
  }

  private void assertKeys(String time, String dt, String hour) {
    Partitioner.Outcome want = new Partitioner.Keys(Map.of("dt", dt, "hour", hour));
    assertThat(jq.partition(record(time))).isEqualTo(want);
    assertThat(fast.partition(record(time))).isEqualTo(want);
    assertThat(CompiledQueries.eventsTime(record(time))).isNotNull();
  }

  private static ObjectNode record(String time) {
    ObjectNode n = F.objectNode();
    n.put("event_id", "e-1");
    n.put("time", time);
    return n;
  }

  private static JsonNode generate(SplittableRandom r) {
    int kind = r.nextInt(100);
    if (kind < 3) {
      return switch (r.nextInt(5)) {
        case 0 -> F.arrayNode().add(validTime(r));
        case 1 -> F.textNode(validTime(r));
        case 2 -> F.numberNode(r.nextInt());
        case 3 -> F.nullNode();
        default -> F.booleanNode(true);
      };
    }
    ObjectNode n = F.objectNode();
    n.put("event_id", "e-" + r.nextInt(1000));
    if (r.nextBoolean()) {
      n.put("user", "u" + r.nextInt(50));
      n.putObject("props").put("time", "nested");
      n.put("Time", "2020-01-01T00:00:00Z");
    }
    if (kind < 6) {
      return n; // no time at all
    }
    if (kind < 10) {
      switch (r.nextInt(5)) {
        case 0 -> n.put("time", r.nextLong());
        case 1 -> n.putNull("time");
        case 2 -> n.putArray("time").add(validTime(r));
        case 3 -> n.putObject("time").put("at", validTime(r));
        default -> n.put("time", 1.5);
      }
      return n;
    }
    String t = validTime(r);
    if (kind >= 60) {
      t = mutate(t, r);
    }
    n.put("time", t);
    return n;
  }

  private static String validTime(SplittableRandom r) {
    int y =
        switch (r.nextInt(8)) {
          case 0 -> r.nextInt(10_000);
          case 1 -> new int[] {0, 1, 99, 100, 400, 1900, 2000, 2100, 9999}[r.nextInt(9)];
          default -> 1995 + r.nextInt(40);
        };
    int mo = 1 + r.nextInt(12);
    int dim =
        switch (mo) {
          case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
          case 4, 6, 9, 11 -> 30;
          default -> 31;
        };
    int d = r.nextInt(3) == 0 ? (r.nextBoolean() ? 1 : dim) : 1 + r.nextInt(dim);
    int h = r.nextInt(3) == 0 ? (r.nextBoolean() ? 0 : 23) : r.nextInt(24);
    int mi = r.nextInt(60);
    int s = r.nextInt(61);
    StringBuilder b = new StringBuilder();
    b.append(String.format("%04d-%02d-%02d", y, mo, d));
    b.append(r.nextInt(5) == 0 ? 't' : 'T');
    b.append(String.format("%02d:%02d:%02d", h, mi, s));
    if (r.nextBoolean()) {
      b.append('.').append(Integer.toString(r.nextInt(1_000_000)));
    }
    switch (r.nextInt(4)) {
      case 0 -> b.append('Z');
      case 1 -> b.append('z');
      default -> {
        int oh = r.nextInt(10) == 0 ? r.nextInt(100) : r.nextInt(15);
        int om = r.nextInt(10) == 0 ? r.nextInt(100) : 15 * r.nextInt(4);
        b.append(r.nextBoolean() ? '+' : '-').append(String.format("%02d:%02d", oh, om));
      }
    }
    return b.toString();
  }

  private static final String ALPHABET = "0123456789-:+TtZz .xé\u00e9\ud83d\ude00 ";

  private static String mutate(String t, SplittableRandom r) {
    StringBuilder b = new StringBuilder(t);
    int edits = 1 + r.nextInt(2);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(6)) {
        case 0 -> b.setLength(r.nextInt(b.length() + 1)); // truncate
        case 1 -> {
          if (b.length() > 0) {
            int at = r.nextInt(b.length());
            b.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
        }
        case 2 -> b.insert(r.nextInt(b.length() + 1), ALPHABET.charAt(r.nextInt(12)));
        case 3 -> {
          // out-of-range fields: month 13/00, day 32/00/Feb 30, hour 24, minute 60
          String[] bad = {"13", "00", "32", "30", "24", "60", "99"};
          int[] at = {5, 8, 11, 14};
          if (b.length() >= 16) {
            int i = at[r.nextInt(at.length)];
            b.replace(i, i + 2, bad[r.nextInt(bad.length)]);
          }
        }
        case 4 -> {
          if (b.length() > 0) {
            b.deleteCharAt(r.nextInt(b.length()));
          }
        }
        default ->
            b.append(new String[] {"", "Z", "+0100", "+01:00", "GMT", "\u00e9"}[r.nextInt(6)]);
      }
    }
    return b.toString();
  }
}
