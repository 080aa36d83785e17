package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The decoder's two shortcuts change nothing that can be observed: plain ASCII string values read
 * straight from the bytes decode exactly as the same values read through Jackson's text (an escaped
 * character forces that path), and the per-thread parser that is reset for each record carries
 * nothing from one record to the next, however the earlier record ended.
 */
class EventDecoderFastPathTest {

  private final EventDecoder decoder = EventDecoder.standard();

  /** Records that stop the parser in odd states: inside a string, a number, deep nesting, ... */
  private static final List<byte[]> POISON =
      List.of(
          bytes("{\"schema\":1,\"event_id\":\"abc"),
          bytes("{\"x\":[[[[{\"y\":{\"z\":"),
          bytes("{\"load_ms\":1" + "2".repeat(2000) + "}"),
          bytes("{\"x\":\"\\u12G4\"}"),
          bytes("{\"page\":\"/a\",\"page\":\"/b\"}"),
          bytes("{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}"),
          bytes("{\"metrics\":{\"a\":1e400,\"b\":1"),
          bytes("{\"event_id\":\"e\"} trailing"),
          bytes("{\"device_id\":\"" + "d".repeat(60_000) + "\"}"),
          bytes("{\"time\":\"2026-11-21T12:00:00Z\",\"x\":tru}"),
          unknownNames(700));

  @Test
  void plainAndEscapedSpellings_ofEveryStringValue_decodeAlike() {
    Random r = new Random(11);
    int fastValues = 0;
    for (int i = 0; i < 5_000; i++) {
      String plain = new String(FieldFuzz.record(r), StandardCharsets.UTF_8);
      String escaped = escapeFirstCharOfEveryValue(plain);
      if (!escaped.equals(plain)) {
        fastValues++;
      }
      DecodeResult a = decoder.decode(bytes(plain), FieldFuzz.ARRIVAL);
      DecodeResult b = decoder.decode(bytes(escaped), FieldFuzz.ARRIVAL);
      assertThat(b).as("%s%nvs %s", plain, escaped).isEqualTo(a);
    }
    assertThat(fastValues).isGreaterThan(4_000);
  }

  @Test
  void everyRecord_decodesAlike_whateverWasDecodedBeforeIt() throws Exception {
    Random r = new Random(5);
    List<byte[]> records = new ArrayList<>(POISON);
    for (int i = 0; i < 400; i++) {
      records.add(FieldFuzz.record(r));
    }
    List<DecodeResult> reference = onFreshThreads(records.subList(0, 100));
    for (int i = 0; i < records.size(); i++) {
      byte[] rec = records.get(i);
      DecodeResult first = decoder.decode(rec, FieldFuzz.ARRIVAL);
      if (i < reference.size()) {
        assertThat(first).as("record %d against a fresh thread", i).isEqualTo(reference.get(i));
      }
      for (byte[] poison : POISON) {
        System.err.println(
            "POISON "
                + decoder.decode(poison, FieldFuzz.ARRIVAL)
                + " THEN "
                + decoder.decode(rec, FieldFuzz.ARRIVAL));
        assertThat(decoder.decode(rec, FieldFuzz.ARRIVAL)).as("record %d", i).isEqualTo(first);
      }
    }
  }

  @Test
  void manyDistinctUnknownNames_stillDecodeAndStillCatchDuplicates() {
    for (int round = 0; round < 20; round++) {
      assertThat(decoder.decode(unknownNames(700 + round), FieldFuzz.ARRIVAL).isValid())
          .as("round %d", round)
          .isFalse(); // valid JSON without the required fields
      byte[] dup = bytes("{\"u" + round + "\":1,\"u" + round + "\":2}");
      DecodeResult d = decoder.decode(dup, FieldFuzz.ARRIVAL);
      assertThat(d).isInstanceOf(DecodeResult.Rejected.class);
      assertThat(((DecodeResult.Rejected) d).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }
  }

  private List<DecodeResult> onFreshThreads(List<byte[]> records) throws InterruptedException {
    List<DecodeResult> out = new ArrayList<>();
    for (byte[] rec : records) {
      AtomicReference<DecodeResult> result = new AtomicReference<>();
      Thread t = new Thread(() -> result.set(decoder.decode(rec, FieldFuzz.ARRIVAL)));
      t.start();
      t.join();
      out.add(result.get());
    }
    return out;
  }

  /**
   * Writes the first character of every string value ({@code :"c}) as a {@code \\u00XX} escape,
   * which sends the value through Jackson's text instead of the byte shortcut.
   */
  private static String escapeFirstCharOfEveryValue(String json) {
    StringBuilder sb = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      sb.append(c);
      if (c == '"' && i > 0 && json.charAt(i - 1) == ':' && i + 1 < json.length()) {
        char next = json.charAt(i + 1);
        if (next >= 0x20 && next < 0x7F && next != '"' && next != '\\') {
          sb.append(String.format("\\u%04x", (int) next));
          i++;
        }
      }
    }
    return sb.toString();
  }

  private static byte[] unknownNames(int n) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"name_").append(i).append("\":").append(i);
    }
    return bytes(sb.append('}').toString());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
