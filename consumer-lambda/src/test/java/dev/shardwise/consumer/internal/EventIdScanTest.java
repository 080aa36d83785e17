package dev.shardwise.consumer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.window.EventFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventIdScanTest {
  private static final String ID_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String scanned(String json) {
    byte[] b = bytes("xx" + json + "yy");
    int n = EventIdScan.idLength(b, 2, b.length - 4);
    return n < 0 ? null : new String(b, 2 + EventIdScan.idOffset(), n, StandardCharsets.US_ASCII);
  }

  @Test
  void fingerprint_ofTheIdBytes_equalsEventFingerprintOfTheId_forEveryLengthAndCharacter() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 20_000; round++) {
      int length = 1 + random.nextInt(64);
      StringBuilder id = new StringBuilder();
      for (int i = 0; i < length; i++) {
        id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
      }
      byte[] json = bytes("{\"schema\":1,\"event_id\":\"" + id + "\",\"type\":\"click\"}");

      int n = EventIdScan.idLength(json, 0, json.length);

      assertThat(n).isEqualTo(length);
      assertThat(EventIdScan.fingerprint(json, 0, n))
          .as(id.toString())
          .isEqualTo(EventFingerprint.of(id.toString()));
    }
  }

  @Test
  void idLength_ofTheCanonicalEncoding_findsTheEncodedId() {
    Event e =
        new Event(
            "evt-000000000042",
            EventType.PAGE_VIEW,
            Instant.parse("2026-11-21T10:14:00Z"),
            "device-1",
            null,
            "/home",
            null,
            "DE",
            12,
            null);
    byte[] json = EventEncoder.encode(e);

    int n = EventIdScan.idLength(json, 0, json.length);

    assertThat(new String(json, EventIdScan.idOffset(), n, StandardCharsets.US_ASCII))
        .isEqualTo("evt-000000000042");
  }

  @Test
  void idLength_ofOtherLayoutsOrIdsWithEscapesOrNonAscii_isNotFound() {
    assertThat(scanned("{\"event_id\":\"a\",\"schema\":1}")).isNull(); // another field order
    assertThat(scanned("{ \"schema\":1,\"event_id\":\"a\"}")).isNull(); // whitespace
    assertThat(scanned("{\"schema\":1,\"event_id\":\"\"}")).isNull(); // empty
    assertThat(scanned("{\"schema\":1,\"event_id\":\"a\\u0041\"}")).isNull(); // an escape
    assertThat(scanned("{\"schema\":1,\"event_id\":\"\u00e9\"}")).isNull(); // non-ASCII
    assertThat(scanned("{\"schema\":1,\"event_id\":\"" + "a".repeat(65) + "\"}")).isNull();
    assertThat(scanned("{\"schema\":1,\"event_id\":\"abc")).isNull(); // cut before the quote
    assertThat(scanned("{\"schema\":1,\"event_id\":\"" + "a".repeat(64) + "\"}"))
        .isEqualTo("a".repeat(64));
    assertThat(scanned("{\"schema\":1,\"event_id\":\"a.b:c_d-E9\",")).isEqualTo("a.b:c_d-E9");
    // only a lookup key: characters a valid id cannot have are not looked at (the decoder judges)
    assertThat(scanned("{\"schema\":1,\"event_id\":\"a b\"}")).isEqualTo("a b");
    assertThat(scanned("{\"schema\":1,\"event_id\":\"a\tb\"}")).isNull(); // a control char
  }
}
