package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.internal.FastEventScanner;
import dev.shardwise.core.testing.BrokenEvent;
import dev.shardwise.core.testing.BrokenEvents;
import dev.shardwise.core.testing.EventArbitraries;
import dev.shardwise.core.testing.Mutations;
import dev.shardwise.core.testing.RawEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The fast path ({@link FastEventScanner}) decodes exactly what the full path decodes, or leaves
 * the record to it (docs/event-contract.md, "How decoding is fast"): valid events in every
 * spelling, records that break one rule, damaged bytes, records edited at the fast path's edges
 * (numbers, literals, whitespace, escapes, duplicates, unknown fields), the sample file. And the
 * check itself catches a fast path that is wrong.
 */
class EventDecoderFastPathDifferentialTest {

  private static final Instant ARRIVAL = Instant.parse("2026-11-21T12:00:00Z");

  /** Records shaped as our publisher writes them, which the fast path must take. */
  private static final List<String> TYPICAL =
      List.of(
          "{\"schema\":1,\"event_id\":\"01JD3K5W2Q8Z7X9V4T6R1M0N3P\",\"type\":\"page_view\","
              + "\"time\":\"2026-11-21T11:58:02.125Z\",\"device_id\":\"device-7f3a9c\","
              + "\"session_id\":\"s-8c21\",\"page\":\"/products/42\","
              + "\"referrer\":\"https://search.example/?q=boots\",\"country\":\"DE\",\"load_ms\":312}",
          "{\"schema\":1,\"event_id\":\"e:2\",\"type\":\"click\",\"time\":\"2026-11-21T11:59:00Z\","
              + "\"device_id\":\"d\",\"page\":\"/a?b=1#c\"}",
          "{\"schema\":1,\"event_id\":\"t.3\",\"type\":\"telemetry\","
              + "\"time\":\"2026-11-21T11:59:59.999999999Z\",\"device_id\":\"dev-9\","
              + "\"metrics\":{\"cpu_pct\":71.5,\"errors\":0,\"rssi_dbm\":-67,\"temp_c\":-3.25,"
              + "\"v\":-0.0,\"big\":1.0E21,\"tiny\":1.25E-7}}",
          " {\"time\":\"2026-11-21T12:58:06.250+01:00\", \"type\":\"page_view\",\r\n"
              + "\"device_id\":\"x\",\"x_unknown\":true,\"y\":null,\"z\":-1.5e3,\"w\":\"\","
              + "\"page\":\"/\",\"event_id\":\"a\",\"schema\":1}\n");

  private final FastPathDifferential real = FastPathDifferential.standard();

  @Test
  void typicalRecords_takeTheFastPath_andDecodeAsTheFullPathDoes() {
    for (String json : TYPICAL) {
      byte[] b = bytes(json);
      assertThat(real.disagreement(b, ARRIVAL)).as(json).isNull();
      assertThat(FastPathDifferential.REAL.scan(b, 0, b.length, rule(), ARRIVAL))
          .as(json)
          .isNotNull();
    }
  }

  @Test
  void everyPrefix_andEveryRecordWithOneByteLeftOut_decodesAlike() {
    for (String json : TYPICAL) {
      byte[] b = bytes(json);
      for (int cut = 0; cut < b.length; cut++) {
        // GIVEN the record cut short (in the array and as a range of the whole)
        byte[] prefix = java.util.Arrays.copyOf(b, cut);
        // WHEN / THEN: never an exception, never a different verdict
        assertThat(real.disagreement(prefix, ARRIVAL)).as("%d bytes of %s", cut, json).isNull();
        assertThat(real.disagreement(b, 0, cut, ARRIVAL)).as("%d bytes of %s", cut, json).isNull();
        byte[] gap = new byte[b.length - 1];
        System.arraycopy(b, 0, gap, 0, cut);
        System.arraycopy(b, cut + 1, gap, cut, b.length - cut - 1);
        assertThat(real.disagreement(gap, ARRIVAL))
            .as("byte %d left out of %s", cut, json)
            .isNull();
      }
    }
  }

  @Test
  void aRecordInsideALargerArray_decodesAlike() {
    byte[] one = bytes(TYPICAL.get(0));
    byte[] padded = new byte[one.length + 20];
    System.arraycopy(one, 0, padded, 7, one.length);
    padded[6] = '{'; // bytes around the range must not matter
    padded[7 + one.length] = 'x';
    assertThat(real.disagreement(padded, 7, one.length, ARRIVAL)).isNull();
    assertThat(real.taken()).isEqualTo(1);
  }

  @Test
  void theSampleFile_decodesAlike_itsAsciiEventsOnTheFastPath() throws IOException {
    // GIVEN the sample's lines as bytes (one of them is not UTF-8 on purpose)
    byte[] file = Files.readAllBytes(Path.of("..", "examples", "events-sample.jsonl"));
    int lines = 0;
    for (int from = 0; from < file.length; ) {
      int to = from;
      while (to < file.length && file[to] != '\n') {
        to++;
      }
      // WHEN / THEN
      assertThat(real.disagreement(file, from, to - from, ARRIVAL))
          .as(new String(file, from, to - from, StandardCharsets.UTF_8))
          .isNull();
      lines++;
      from = to + 1;
    }
    assertThat(lines).isEqualTo(20);
    assertThat(real.taken()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void everyMutation_ofTwoBaseEvents_decodesAlike() {
    Event pageView =
        new Event(
            "e-1",
            EventType.PAGE_VIEW,
            ARRIVAL,
            "dev-1",
            "s-1",
            "/a",
            "https://r.example/",
            "DE",
            120,
            null);
    Event telemetry =
        new Event(
            "e-2",
            EventType.TELEMETRY,
            ARRIVAL,
            "dev-1",
            null,
            null,
            null,
            null,
            Event.NO_LOAD_MS,
            Map.of("cpu", 0.5, "mem_mb", 512.0));
    for (Mutations.Mutation m : Mutations.all()) {
      for (Event base : new Event[] {pageView, telemetry}) {
        if (!m.appliesTo().test(base)) {
          continue;
        }
        for (long seed = 0; seed < 5; seed++) {
          BrokenEvent b = BrokenEvents.apply(m, base, seed);
          assertThat(real.disagreement(b.bytes(), b.arrival())).as("%s", b).isNull();
        }
      }
    }
  }

  @Test
  void fieldFuzzRecords_decodeAlike() {
    Random r = new Random(17);
    for (int i = 0; i < 5_000; i++) {
      byte[] b = FieldFuzz.record(r);
      assertThat(real.disagreement(b, FieldFuzz.ARRIVAL)).isNull();
    }
    // most break a rule or use a form the fast path leaves (1.0, 3e2, 1e300, non-ASCII, nesting)
    assertThat(real.taken()).isBetween(20L, 2_500L);
  }

  @Test
  void recordsEditedAtTheFastPathsEdges_decodeAlike() {
    Random r = new Random(23);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = bytes(edit(TYPICAL.get(r.nextInt(TYPICAL.size())), r));
      assertThat(real.disagreement(b, ARRIVAL)).isNull();
    }
    assertThat(real.taken()).isGreaterThan(2_000);
  }

  @Test
  void metricNumbers_inEveryForm_decodeToTheFullPathsDouble() {
    Random r = new Random(29);
    for (int i = 0; i < 20_000; i++) {
      String number = number(r);
      byte[] b = bytes(TYPICAL.get(2).replace("71.5", number));
      assertThat(real.disagreement(b, ARRIVAL)).as(number).isNull();
    }
    assertThat(real.taken()).isGreaterThan(8_000);
  }

  @Provide
  Arbitrary<Event> events() {
    return EventArbitraries.events();
  }

  @Provide
  Arbitrary<BrokenEvent> broken() {
    return BrokenEvents.broken();
  }

  @Provide
  Arbitrary<byte[]> mangled() {
    return BrokenEvents.mangled();
  }

  @Property(tries = 1000)
  void canonicalEncodings_decodeAlike(@ForAll("events") Event e) {
    byte[] b = EventEncoder.encode(e);
    long before = real.taken();
    assertThat(real.disagreement(b, e.time())).isNull();
    Statistics.label("path").collect(real.taken() > before ? "fast" : "full");
  }

  @Property(tries = 1000)
  void otherSpellings_decodeAlike(@ForAll("events") Event e, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] b = RawEvent.variant(e, r).json(r).getBytes(StandardCharsets.UTF_8);
    long before = real.taken();
    assertThat(real.disagreement(b, e.time())).isNull();
    Statistics.label("path").collect(real.taken() > before ? "fast" : "full");
  }

  @Property(tries = 1000)
  void recordsBreakingOneRule_decodeAlike(@ForAll("broken") BrokenEvent b) {
    assertThat(real.disagreement(b.bytes(), b.arrival())).as("%s", b).isNull();
  }

  @Property(tries = 1000)
  void damagedRecords_decodeAlike(@ForAll("mangled") byte[] b) {
    assertThat(real.disagreement(b, ARRIVAL)).isNull();
  }

  @Property(tries = 1000)
  void asciiEventsEditedAtTheEdges_decodeAlike(@ForAll("asciiEvents") Event e, @ForAll long seed) {
    Random r = new Random(seed);
    String json = new String(EventEncoder.encode(e), StandardCharsets.UTF_8);
    byte[] b = bytes(r.nextInt(4) == 0 ? json : edit(json, r));
    long before = real.taken();
    assertThat(real.disagreement(b, e.time())).isNull();
    Statistics.label("path").collect(real.taken() > before ? "fast" : "full");
  }

  @Provide
  Arbitrary<Event> asciiEvents() {
    return EventArbitraries.events()
        .filter(
            e ->
                new String(EventEncoder.encode(e), StandardCharsets.ISO_8859_1)
                    .chars()
                    .allMatch(c -> c < 0x80));
  }

  @Test
  void aFastPathThatChangesAValue_isCaught() {
    FastPathDifferential wrong =
        new FastPathDifferential(
            EventDecoder.standard(),
            (b, o, l, rule, arrival) -> {
              Event e = FastEventScanner.scan(b, o, l, rule, arrival);
              return e == null || e.page() == null
                  ? e
                  : new Event(
                      e.eventId(),
                      e.type(),
                      e.time(),
                      e.deviceId(),
                      e.sessionId(),
                      e.page() + "/",
                      e.referrer(),
                      e.country(),
                      e.loadMs(),
                      e.metrics());
            });
    assertThat(caught(wrong)).isGreaterThan(100);
  }

  @Test
  void aFastPathThatRoundsMetrics_isCaught() {
    FastPathDifferential wrong =
        new FastPathDifferential(
            EventDecoder.standard(),
            (b, o, l, rule, arrival) -> {
              Event e = FastEventScanner.scan(b, o, l, rule, arrival);
              if (e == null || e.metrics().isEmpty()) {
                return e;
              }
              Map<String, Double> m = new java.util.HashMap<>();
              e.metrics().forEach((k, v) -> m.put(k, (double) (float) (double) v));
              return new Event(
                  e.eventId(),
                  e.type(),
                  e.time(),
                  e.deviceId(),
                  e.sessionId(),
                  e.page(),
                  e.referrer(),
                  e.country(),
                  e.loadMs(),
                  m);
            });
    Random r = new Random(31);
    int caught = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] b = bytes(TYPICAL.get(2).replace("71.5", number(r)));
      if (wrong.disagreement(b, ARRIVAL) != null) {
        caught++;
      }
    }
    assertThat(caught).isGreaterThan(100);
  }

  @Test
  void aFastPathThatTakesWhatTheFullPathRejects_isCaught() {
    // one that skips the time rule: an event an hour in the future is valid for it
    FastPathDifferential wrong =
        new FastPathDifferential(
            EventDecoder.standard(),
            (b, o, l, rule, arrival) ->
                FastEventScanner.scan(
                    b,
                    o,
                    l,
                    new dev.shardwise.core.event.internal.TimeRule(
                        java.time.Duration.ofDays(36_500), java.time.Duration.ofDays(36_500)),
                    arrival));
    byte[] future = bytes(TYPICAL.get(1).replace("11:59:00Z", "13:59:00Z"));
    assertThat(wrong.disagreement(future, ARRIVAL)).contains("TIME_OUT_OF_RANGE");
    assertThat(real.disagreement(future, ARRIVAL)).isNull();
  }

  /** The number of generated records on which {@code check} finds a disagreement. */
  private static int caught(FastPathDifferential check) {
    Random r = new Random(37);
    int caught = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] b = bytes(edit(TYPICAL.get(r.nextInt(TYPICAL.size())), r));
      if (check.disagreement(b, ARRIVAL) != null) {
        caught++;
      }
    }
    return caught;
  }

  /** Edits likely to sit at the edge of what the fast path takes. */
  private static final List<String> TOKENS =
      List.of(
          " ",
          "\t",
          "\n",
          "\r",
          "\f",
          "\u0000",
          ",",
          ":",
          "{",
          "}",
          "[",
          "]",
          "\"",
          "\\",
          "\\n",
          "\\u0041",
          "\\\"",
          "null",
          "true",
          "false",
          "nul",
          "tru",
          "-",
          "0",
          "01",
          "-0",
          "1.",
          ".5",
          "1e",
          "1e+",
          "1E-2",
          "1e400",
          "-1e-400",
          "123456789012345678",
          "1234567890123456789",
          "9007199254740993",
          "1.7976931348623157e308",
          "4.9e-324",
          "é",
          "\u00ff",
          "\"x\":1,",
          "\"schema\":1,",
          "\"page\":null,",
          "\"metrics\":{},",
          "\"a\":{},",
          "\"a\":[1],",
          "\"a\":1,\"a\":2,",
          "/",
          "?",
          "#",
          "Z",
          "z",
          "+01:00",
          "T",
          ".5",
          "60",
          "x",
          "1",
          "2",
          "9");

  private static String edit(String json, Random r) {
    StringBuilder sb = new StringBuilder(json);
    int edits = 1 + r.nextInt(2);
    for (int k = 0; k < edits; k++) {
      int at = r.nextInt(sb.length() + 1);
      switch (r.nextInt(4)) {
        case 0 -> sb.insert(at, TOKENS.get(r.nextInt(TOKENS.size())));
        case 1 -> {
          if (at < sb.length()) {
            sb.deleteCharAt(at);
          }
        }
        case 2 -> {
          int to = Math.min(sb.length(), at + 1 + r.nextInt(4));
          sb.replace(at, to, TOKENS.get(r.nextInt(TOKENS.size())));
        }
        default -> replaceAValue(sb, r);
      }
    }
    return sb.toString();
  }

  /** Replaces the value after a random {@code ":"} with a token or a number. */
  private static void replaceAValue(StringBuilder sb, Random r) {
    List<Integer> colons = new ArrayList<>();
    for (int i = 0; i < sb.length(); i++) {
      if (sb.charAt(i) == ':' && i > 0 && sb.charAt(i - 1) == '"') {
        colons.add(i);
      }
    }
    if (colons.isEmpty()) {
      return;
    }
    int from = colons.get(r.nextInt(colons.size())) + 1;
    int to = from;
    boolean inString = from < sb.length() && sb.charAt(from) == '"';
    to = inString ? sb.indexOf("\"", from + 1) + 1 : to;
    while (!inString && to < sb.length() && ",}".indexOf(sb.charAt(to)) < 0) {
      to++;
    }
    if (to <= from) {
      return;
    }
    String value = r.nextBoolean() ? number(r) : TOKENS.get(r.nextInt(TOKENS.size()));
    sb.replace(from, to, value);
  }

  /** A JSON number in one of many forms: integers, decimals, exponents, long and short. */
  static String number(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> Long.toString(r.nextLong() >> r.nextInt(64));
      case 1 ->
          Double.toString(Double.longBitsToDouble(r.nextLong()))
              .replace("Infinity", "1")
              .replace("NaN", "2");
      case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      case 3 -> {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
          sb.append('-');
        }
        int digits = 1 + r.nextInt(20);
        String d = Long.toString(Math.abs(r.nextLong())) + Long.toString(Math.abs(r.nextLong()));
        String body = d.substring(0, Math.min(digits, d.length()));
        int point = r.nextInt(body.length() + 1);
        String intPart = point == 0 ? "0" : body.substring(0, point).replaceFirst("^0+(?=.)", "");
        sb.append(intPart);
        if (point < body.length()) {
          sb.append('.').append(body.substring(point));
        }
        if (r.nextBoolean()) {
          sb.append(r.nextBoolean() ? 'e' : 'E');
          int exp = r.nextInt(61) - 30;
          sb.append(exp < 0 ? "-" : r.nextBoolean() ? "+" : "").append(Math.abs(exp));
        }
        yield sb.toString();
      }
      case 4 -> (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + "." + r.nextInt(1000);
      default -> (r.nextInt(100000) / 1000.0) + "";
    };
  }

  private static dev.shardwise.core.event.internal.TimeRule rule() {
    return new dev.shardwise.core.event.internal.TimeRule(
        EventDecoder.DEFAULT_MAX_AGE, EventDecoder.DEFAULT_MAX_AHEAD);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
