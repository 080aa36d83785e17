package dev.shardwise.core.event;

import static dev.shardwise.core.event.Events.ARRIVAL;
import static dev.shardwise.core.event.Events.PAGE_VIEW;
import static dev.shardwise.core.event.Events.TELEMETRY;
import static dev.shardwise.core.event.RejectReason.BAD_TYPE;
import static dev.shardwise.core.event.RejectReason.BAD_UTF8;
import static dev.shardwise.core.event.RejectReason.BAD_VALUE;
import static dev.shardwise.core.event.RejectReason.MALFORMED_JSON;
import static dev.shardwise.core.event.RejectReason.MISSING_FIELD;
import static dev.shardwise.core.event.RejectReason.TIME_OUT_OF_RANGE;
import static dev.shardwise.core.event.RejectReason.TOO_LARGE;
import static dev.shardwise.core.event.RejectReason.UNSUPPORTED_SCHEMA;
import static dev.shardwise.core.testing.RawEvent.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.testing.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each edge case of the contract gets its reason code and a message naming the problem. */
class EventDecoderRejectTest {

  private final EventDecoder decoder = EventDecoder.standard();

  @Test
  void moreThan64KiB_isTooLarge_beforeAnyParsing() {
    byte[] tenMegabyteString = new byte[10 * 1024 * 1024];
    Arrays.fill(tenMegabyteString, (byte) 'a');
    tenMegabyteString[0] = '"';

    assertRejected(tenMegabyteString, TOO_LARGE, "10485760 bytes, at most 65536");
    assertRejected(new byte[EventDecoder.MAX_EVENT_BYTES + 1], TOO_LARGE, "65537 bytes");
  }

  @Test
  void invalidUtf8_isBadUtf8_evenInsideAnUnknownField_andBeforeMalformedJson() {
    byte[] json = RawEvent.of(PAGE_VIEW).with("x", str("a\u00e9b")).bytes();
    int e9 = indexOf(json, (byte) 0xC3);
    json[e9] = (byte) 0xC0; // overlong lead byte

    assertRejected(json, BAD_UTF8, "invalid UTF-8 at byte " + e9 + " (0xC0)");
    assertRejected(new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, BAD_UTF8, "byte 1");
  }

  @Test
  void notAnObject_isMalformed() {
    assertRejected("", MALFORMED_JSON, "empty record");
    assertRejected(" \n ", MALFORMED_JSON, "empty record");
    assertRejected("[" + RawEvent.of(PAGE_VIEW).json() + "]", MALFORMED_JSON, "not a JSON object");
    assertRejected("\"event\"", MALFORMED_JSON, "not a JSON object");
    assertRejected("null", MALFORMED_JSON, "not a JSON object");
    assertRejected("\uFEFF" + RawEvent.of(PAGE_VIEW).json(), MALFORMED_JSON, "byte order mark");
  }

  @Test
  void utf16Json_isMalformed_notSilentlyDecoded() {
    byte[] utf16 = RawEvent.of(PAGE_VIEW).json().getBytes(StandardCharsets.UTF_16LE);

    assertRejected(utf16, MALFORMED_JSON, "code 0");
  }

  @Test
  void contentAfterTheObject_isMalformed() {
    String json = RawEvent.of(PAGE_VIEW).json();

    assertRejected(json + json, MALFORMED_JSON, "more JSON after the event object");
    assertRejected(json + " x", MALFORMED_JSON, "Unrecognized token 'x'");
    assertRejected(json + ",", MALFORMED_JSON, "at byte " + json.length() + ": ");
  }

  @Test
  void truncatedJson_isMalformed_withTheBytePosition() {
    String json = RawEvent.of(PAGE_VIEW).json();

    assertRejected(json.substring(0, 30), MALFORMED_JSON, "end-of-input");
  }

  @Test
  void positionsInMessages_countFromTheStartOfTheRange_notOfTheArray() {
    byte[] buffer = ("xxxxxxxxxx" + "{\"schema\":1,}").getBytes(StandardCharsets.UTF_8);
    byte[] bad = ("xxxxx" + "{\"a\":\"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1);

    DecodeResult r = decoder.decode(buffer, 10, buffer.length - 10, ARRIVAL);
    DecodeResult u = decoder.decode(bad, 5, bad.length - 5, ARRIVAL);

    assertThat(((DecodeResult.Rejected) r).message()).startsWith("at byte 12: ");
    assertThat(((DecodeResult.Rejected) u).message()).isEqualTo("invalid UTF-8 at byte 6 (0xFF)");
  }

  @Test
  void nanAndInfinityLiterals_areMalformed() {
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"a\":NaN}").json(), MALFORMED_JSON, "'NaN'");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("load_ms", "-Infinity").json(), MALFORMED_JSON, "Infinity");
  }

  @Test
  void duplicateKeys_areMalformed_atTopLevelAndInMetrics_evenWhenOneIsNull() {
    RawEvent pv = RawEvent.of(PAGE_VIEW);

    assertRejected(
        pv.withDuplicate("page", str("/other")).json(), MALFORMED_JSON, "duplicate key 'page'");
    assertRejected(
        pv.without("referrer").with("referrer", "null").withDuplicate("referrer", str("r")).json(),
        MALFORMED_JSON,
        "duplicate key 'referrer'");
    assertRejected(
        pv.with("x", "1").withDuplicate("x", "1").json(), MALFORMED_JSON, "duplicate key 'x'");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"a\":1,\"b\":2,\"a\":1}").json(),
        MALFORMED_JSON,
        "duplicate key 'metrics.a'");
  }

  @Test
  void deepNestingInAnUnknownField_isBadValue_butModerateNestingIsFine() {
    String deep = "[".repeat(1001) + "]".repeat(1001);
    String moderate = "[".repeat(500) + "]".repeat(500);

    assertRejected(
        RawEvent.of(PAGE_VIEW).with("x", deep).json(), BAD_VALUE, "nesting depth (1001)");
    assertThat(
            decoder.decode(RawEvent.of(PAGE_VIEW).with("x", moderate).bytes(), ARRIVAL).isValid())
        .isTrue();
  }

  @Test
  void hugeNumbers_areBadValues_neverAnOverflowOrAnException() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("load_ms", "1e999999999999").json(), BAD_VALUE, "load_ms");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("load_ms", "9".repeat(900)).json(),
        BAD_VALUE,
        "outside 0-600000");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"a\":1e400}").json(),
        BAD_VALUE,
        "not a finite double");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"a\":-" + "9".repeat(400) + "}").json(),
        BAD_VALUE,
        "metrics.a");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("x", "1".repeat(1001)).json(),
        BAD_VALUE,
        "Number value length (1001)");
  }

  @Test
  void schema_stringOne_isBadType_otherIntegers_areUnsupported() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("schema", "\"1\"").json(),
        BAD_TYPE,
        "expected the integer 1, got the string '1'");
    assertRejected(RawEvent.of(PAGE_VIEW).with("schema", "1.5").json(), BAD_TYPE, "schema");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("schema", "2").json(),
        UNSUPPORTED_SCHEMA,
        "schema '2' is not supported");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("schema", "2.0").json(), UNSUPPORTED_SCHEMA, "'2.0'");
    assertRejected(
        RawEvent.of(PAGE_VIEW).without("schema").json(), MISSING_FIELD, "'schema' is missing");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("schema", "null").json(), MISSING_FIELD, "'schema' is null");
  }

  @Test
  void unsupportedSchema_winsOverTheV1RulesOfOtherFields() {
    String v2 =
        RawEvent.of(PAGE_VIEW)
            .with("type", str("purchase"))
            .without("device_id")
            .with("schema", "2")
            .json();

    assertRejected(v2, UNSUPPORTED_SCHEMA, "schema '2'");
  }

  @Test
  void brokenValues_winOverMissingFields_andTheFirstInTheDocumentIsReported() {
    String json =
        "{\"schema\":1,\"country\":\"UK\",\"event_id\":\"a b\",\"type\":\"click\",\"time\":\"2026-11-21T12:00:00Z\"}";

    assertRejected(json, BAD_VALUE, "field 'country': 'UK' is not an ISO 3166-1 alpha-2 code");
  }

  @Test
  void requiredFields_missingOrNull_areMissingField() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).without("device_id").json(),
        MISSING_FIELD,
        "'device_id' is missing");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("time", "null").json(), MISSING_FIELD, "'time' is null");
    assertRejected(
        RawEvent.of(PAGE_VIEW).without("page").json(),
        MISSING_FIELD,
        "'page' is required for type page_view");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "null").json(),
        MISSING_FIELD,
        "'metrics' is required for type telemetry but is null");
  }

  @Test
  void optionalFieldsOfOtherTypes_areAllowed_andChecked() {
    String telemetryWithPage = RawEvent.of(TELEMETRY).with("page", str("/settings")).json();
    String clickWithMetrics =
        RawEvent.of(PAGE_VIEW).with("type", str("click")).with("metrics", "{\"x\":1}").json();

    assertThat(decoder.decode(bytes(telemetryWithPage), ARRIVAL).isValid()).isTrue();
    assertThat(decoder.decode(bytes(clickWithMetrics), ARRIVAL).isValid()).isTrue();
    assertRejected(
        RawEvent.of(TELEMETRY).with("page", str("settings")).json(),
        BAD_VALUE,
        "does not start with '/'");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("metrics", "{}").json(), BAD_VALUE, "1-32 entries, got 0");
  }

  @Test
  void wrongJsonTypes_areBadType_namingWhatCameInstead() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("device_id", "42").json(),
        BAD_TYPE,
        "field 'device_id': expected a string, got the number '42'");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("load_ms", "\"312\"").json(),
        BAD_TYPE,
        "expected an integer, got the string '312'");
    assertRejected(RawEvent.of(PAGE_VIEW).with("load_ms", "31.2").json(), BAD_TYPE, "load_ms");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "[1]").json(),
        BAD_TYPE,
        "expected an object, got an array");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"a\":null}").json(),
        BAD_TYPE,
        "field 'metrics.a': expected a number, got null");
  }

  @Test
  void valuesOutsideTheirRule_areBadValue() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("event_id", str("x".repeat(65))).json(),
        BAD_VALUE,
        "1-64 characters, got 65");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("event_id", str("a/b")).json(),
        BAD_VALUE,
        "outside [A-Za-z0-9._:-]");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("type", str("view")).json(),
        BAD_VALUE,
        "'view' is not page_view, click or telemetry");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("device_id", str("")).json(),
        BAD_VALUE,
        "1-128 characters, got 0");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("session_id", str("😀".repeat(129))).json(),
        BAD_VALUE,
        "got 129");
    assertRejected(RawEvent.of(PAGE_VIEW).with("country", str("de")).json(), BAD_VALUE, "'de'");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("load_ms", "600001").json(),
        BAD_VALUE,
        "'600001' is outside 0-600000");
    assertRejected(
        RawEvent.of(TELEMETRY).with("metrics", "{\"Cpu\":1}").json(), BAD_VALUE, "name 'Cpu'");
  }

  @Test
  void country_mustBeAnAssignedCode_notJustTwoLetters() {
    assertThat(
            decoder
                .decode(RawEvent.of(PAGE_VIEW).with("country", str("GB")).bytes(), ARRIVAL)
                .isValid())
        .isTrue();
    assertRejected(RawEvent.of(PAGE_VIEW).with("country", str("UK")).json(), BAD_VALUE, "'UK'");
    assertRejected(RawEvent.of(PAGE_VIEW).with("country", str("XX")).json(), BAD_VALUE, "'XX'");
  }

  @Test
  void unpairedSurrogateEscape_isBadValue() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("device_id", "\"ab\\ud800\"").json(),
        BAD_VALUE,
        "unpaired surrogate");
  }

  @Test
  void invalidTime_isBadValue_sayingWhy() {
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("time", str("2026-02-29T10:00:00Z")).json(),
        BAD_VALUE,
        "day out of range");
    assertRejected(
        RawEvent.of(PAGE_VIEW).with("time", str("2026-11-21T10:00:00")).json(),
        BAD_VALUE,
        "missing offset");
  }

  @Test
  void timeOutsideTheWindow_isTimeOutOfRange_sayingByHowMuch() {
    String old = RawEvent.of(PAGE_VIEW).with("time", str("2026-11-13T11:00:00Z")).json();
    String ahead = RawEvent.of(PAGE_VIEW).with("time", str("2026-11-21T12:05:00.5Z")).json();

    assertRejected(
        old,
        TIME_OUT_OF_RANGE,
        "is 8d 1h before the arrival time 2026-11-21T12:00:00Z (at most 7d)");
    assertRejected(ahead, TIME_OUT_OF_RANGE, "is 5m 0.5s after the arrival time");
  }

  @Test
  void messages_quoteAnExcerpt_neverTheWholeValue() {
    String huge = "r".repeat(3000);

    DecodeResult r =
        decoder.decode(bytes(RawEvent.of(PAGE_VIEW).with("referrer", str(huge)).json()), ARRIVAL);

    assertThat(((DecodeResult.Rejected) r).message())
        .startsWith("field 'referrer': must be 0-2048 characters, got 3000: 'rrrr")
        .endsWith("... (3000 chars)")
        .hasSizeLessThan(150);
  }

  private void assertRejected(String json, RejectReason reason, String messagePart) {
    assertRejected(bytes(json), reason, messagePart);
  }

  private void assertRejected(byte[] data, RejectReason reason, String messagePart) {
    DecodeResult r = decoder.decode(data, ARRIVAL);
    assertThat(r)
        .isInstanceOfSatisfying(
            DecodeResult.Rejected.class,
            rej -> {
              assertThat(rej.reason()).as(rej.message()).isEqualTo(reason);
              assertThat(rej.message()).contains(messagePart);
            });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    throw new AssertionError("no byte " + b);
  }
}
