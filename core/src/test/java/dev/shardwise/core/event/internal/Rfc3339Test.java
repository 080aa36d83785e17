package dev.shardwise.core.event.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.testing.EventArbitraries;
import dev.shardwise.core.testing.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-21T10:15:30Z",
        "2026-11-21T10:15:30.1Z",
        "2026-11-21T10:15:30.123Z",
        "2026-11-21T10:15:30.123456789Z",
        "2026-11-21t10:15:30z",
        "2026-11-21T10:15:30+05:30",
        "2026-11-21T10:15:30.5-08:00",
        "2024-02-29T00:00:00Z",
        "2000-02-29T23:59:59.999999999+14:00",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
      })
  void validTimes_parseToTheInstantJavaTimeReads(String text) throws Exception {
    assertThat(parse(text)).isEqualTo(OffsetDateTime.parse(text.toUpperCase()).toInstant());
  }

  @Test
  void minusZeroOffset_isUtc_asRfc3339Section4_3Says() throws Exception {
    assertThat(parse("2026-11-21T10:15:30-00:00")).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
  }

  @Test
  void offsetsUpTo23h59_areAccepted_asTheRfcGrammarAllows() throws Exception {
    assertThat(parse("2026-11-21T23:00:00+23:59")).isEqualTo(Instant.parse("2026-11-20T23:01:00Z"));
    assertThat(parse("2026-11-21T00:00:00-23:59")).isEqualTo(Instant.parse("2026-11-21T23:59:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-11-21T10:15:30|missing offset",
        "2026-11-21T10:15|too short",
        "2026-11-21 10:15:30Z|expected 'T' between date and time",
        "2026-11-21T10:15:30.Z|'.' without fraction digits",
        "2026-11-21T10:15:30.1234567891Z|more than 9 fraction digits",
        "2026-13-21T10:15:30Z|month out of range",
        "2026-00-21T10:15:30Z|month out of range",
        "2026-02-29T10:15:30Z|day out of range",
        "2100-02-29T10:15:30Z|day out of range",
        "2026-04-31T10:15:30Z|day out of range",
        "2026-11-00T10:15:30Z|day out of range",
        "2026-11-21T24:00:00Z|hour or minute out of range",
        "2026-11-21T10:60:00Z|hour or minute out of range",
        "2026-11-21T23:59:60Z|leap seconds are not accepted",
        "2026-11-21T10:15:61Z|second out of range",
        "2026-11-21T10:15:30+24:00|offset out of range",
        "2026-11-21T10:15:30+05:60|offset out of range",
        "2026-11-21T10:15:30+0530|offset must be +hh:mm",
        "2026-11-21T10:15:30+05:3x|expected 2 digits for the offset minute",
        "2026-11-21T10:15:30ZZ|unexpected text after the offset",
        "'2026-11-21T10:15:30Z '|unexpected text after the offset",
        "2026-11-21T10:15:30X|missing offset",
        "202a-11-21T10:15:30Z|expected 4 digits for the year",
        "2026/11/21T10:15:30Z|expected '-' at position 4",
        "２０２６-11-21T10:15:30Z|expected 4 digits for the year",
        "+2026-11-21T10:15:30Z|expected 4 digits for the year",
      })
  void invalidTimes_areRejected_sayingWhy(String text, String why) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(Rfc3339.InvalidTimeException.class)
        .hasMessageContaining(why);
  }

  @Test
  void parse_readsOnlyItsSliceOfTheBuffer() throws Exception {
    char[] buf = "xx2026-11-21T10:15:30Zyy".toCharArray();

    assertThat(Rfc3339.parse(buf, 2, 20)).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
  }

  @Provide
  Arbitrary<Instant> times() {
    return EventArbitraries.times();
  }

  @Property(tries = 1000)
  void anyOffsetAndFractionDigits_parseBackToTheInstant(
      @ForAll("times") Instant t,
      @ForAll @IntRange(min = -1439, max = 1439) int offsetMinutes,
      @ForAll @IntRange(min = 0, max = 9) int digits,
      @ForAll boolean lowerCase)
      throws Exception {
    String text = RawEvent.timeText(t, offsetMinutes, digits, lowerCase);

    assertThat(parse(text)).as(text).isEqualTo(t);
  }

  @Property(tries = 1000)
  void format_writesWhatInstantToStringWrites_andParsesBack(@ForAll("times") Instant t)
      throws Exception {
    String text = format(new Rfc3339.Formatter(), t);

    assertThat(text).isEqualTo(t.toString());
    assertThat(parse(text)).isEqualTo(t);
  }

  @Property(tries = 200)
  void oneFormatter_overTimesOfFewDays_writesWhatInstantToStringWrites(
      @ForAll("times") Instant start, @ForAll @IntRange(min = 1, max = 400) int steps) {
    // GIVEN one formatter (its cached date reused and replaced) and times crossing midnights
    Rfc3339.Formatter formatter = new Rfc3339.Formatter();
    Instant t = start;
    for (int i = 0; i < steps && !t.isAfter(EventArbitraries.MAX_TIME); i++) {
      // WHEN / THEN
      assertThat(format(formatter, t)).isEqualTo(t.toString());
      t = t.plusSeconds(i % 7 == 0 ? -3_611 : 7_207).plusNanos(i * 1_000_001L);
      if (t.isBefore(EventArbitraries.MIN_TIME)) {
        t = EventArbitraries.MIN_TIME;
      }
    }
  }

  @Test
  void format_atTheEdgesOfFourDigitYears_isInstantsText() {
    Rfc3339.Formatter formatter = new Rfc3339.Formatter();
    for (Instant t :
        new Instant[] {
          EventArbitraries.MIN_TIME,
          EventArbitraries.MAX_TIME,
          Instant.parse("1969-12-31T23:59:59.999999999Z"),
          Instant.parse("1970-01-01T00:00:00Z"),
          Instant.parse("2000-02-29T12:00:00.100Z"),
          Instant.parse("2026-11-21T10:15:30.000123Z")
        }) {
      assertThat(format(formatter, t)).isEqualTo(t.toString());
    }
  }

  @Property(tries = 3000)
  void fastParserAndDiagnosis_acceptExactlyTheSameTexts(
      @ForAll("times") Instant t,
      @ForAll @IntRange(min = -1439, max = 1439) int offsetMinutes,
      @ForAll @IntRange(min = 0, max = 9) int digits,
      @ForAll @IntRange(min = 0, max = 40) int at,
      @ForAll @IntRange(min = 0, max = 3) int edit,
      @ForAll char c) {
    // GIVEN a valid text with one character replaced, inserted or removed (or none)
    StringBuilder text = new StringBuilder(RawEvent.timeText(t, offsetMinutes, digits, false));
    int pos = Math.min(at, text.length() - 1);
    char other = "0123456789:-.+TtZz 9x".charAt(Math.floorMod(c, 21));
    switch (edit) {
      case 1 -> text.setCharAt(pos, other);
      case 2 -> text.insert(pos, other);
      case 3 -> text.deleteCharAt(pos);
      default -> {}
    }
    char[] chars = text.toString().toCharArray();

    // WHEN
    boolean parsed;
    try {
      Rfc3339.parse(chars, 0, chars.length);
      parsed = true;
    } catch (Rfc3339.InvalidTimeException e) {
      parsed = false;
      assertThat(e.getMessage()).isNotEqualTo("not an RFC 3339 date-time");
    }

    // THEN
    assertThat(Rfc3339Diagnosis.explain(chars, 0, chars.length) == null)
        .as(text.toString())
        .isEqualTo(parsed);
  }

  @Test
  void format_outsideFourDigitYears_isAnIllegalArgument() {
    Rfc3339.Formatter formatter = new Rfc3339.Formatter();

    assertThatThrownBy(() -> format(formatter, Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0000-9999");
    assertThatThrownBy(() -> format(formatter, EventArbitraries.MIN_TIME.minusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String format(Rfc3339.Formatter formatter, Instant t) {
    byte[] out = new byte[3 + Rfc3339.Formatter.MAX_LENGTH];
    int end = formatter.format(t, out, 3);
    return new String(out, 3, end - 3, StandardCharsets.US_ASCII);
  }

  private static Instant parse(String s) throws Rfc3339.InvalidTimeException {
    return Rfc3339.parse(s.toCharArray(), 0, s.length());
  }
}
