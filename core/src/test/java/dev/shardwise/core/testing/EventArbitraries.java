package dev.shardwise.core.testing;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.internal.Countries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of valid events (schema version 1): every value inside the contract's rules,
 * with the edges emphasised (maximum lengths, non-ASCII and supplementary characters, control
 * characters, {@code -0.0}, nanosecond times, years 0000 and 9999). Decode them with the event's
 * own time as the arrival time. Reusable by producer and consumer tests (core's test-jar).
 */
public final class EventArbitraries {

  /** Earliest and latest instants RFC 3339 can write (4-digit years). */
  public static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");

  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final String EVENT_ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

  private EventArbitraries() {}

  /** Any valid event: page views, clicks and telemetry. */
  public static Arbitrary<Event> events() {
    return Arbitraries.of(EventType.class).flatMap(EventArbitraries::events);
  }

  /** Valid events of one type. */
  public static Arbitrary<Event> events(EventType type) {
    Arbitrary<String> page = type.requiresPage() ? pages() : pages().injectNull(0.5);
    Arbitrary<Map<String, Double>> metrics =
        type == EventType.TELEMETRY ? metrics(1, 32) : metrics(0, 32).injectNull(0.3);
    Arbitrary<Integer> loadMs =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(Event.NO_LOAD_MS)),
            Tuple.of(2, Arbitraries.integers().between(0, 600_000)));
    return Combinators.combine(
            Combinators.combine(eventIds(), times(), deviceIds(), sessionIds()).as(Ids::new),
            page,
            referrers(),
            countries(),
            loadMs,
            metrics)
        .as(
            (ids, pg, ref, country, load, m) ->
                new Event(
                    ids.eventId(),
                    type,
                    ids.time(),
                    ids.deviceId(),
                    ids.sessionId(),
                    pg,
                    ref,
                    country,
                    load,
                    m));
  }

  /** 1-64 of {@code [A-Za-z0-9._:-]}. */
  public static Arbitrary<String> eventIds() {
    return Arbitraries.strings().withChars(EVENT_ID_CHARS).ofMinLength(1).ofMaxLength(64);
  }

  /** 1-128 code points of any Unicode text. */
  public static Arbitrary<String> deviceIds() {
    return text(1, 128);
  }

  /** Absent, or 0-128 code points. */
  public static Arbitrary<String> sessionIds() {
    return text(0, 128).injectNull(0.4);
  }

  /** Absent, or 0-2048 code points. */
  public static Arbitrary<String> referrers() {
    return text(0, 2048).injectNull(0.5);
  }

  /** Normalised pages: {@code /} and up to 2047 more code points, no {@code ?} or {@code #}. */
  public static Arbitrary<String> pages() {
    return text(0, 2047, cp -> cp != '?' && cp != '#').map(rest -> "/" + rest);
  }

  /** Absent, or an assigned ISO 3166-1 alpha-2 code. */
  public static Arbitrary<String> countries() {
    return Arbitraries.of(Countries.all()).injectNull(0.3);
  }

  /** Any instant RFC 3339 can write, with 0, 3, 6 or 9 significant fraction digits. */
  public static Arbitrary<Instant> times() {
    Arbitrary<Long> seconds =
        Arbitraries.frequencyOf(
            Tuple.of(
                4,
                Arbitraries.longs()
                    .between(
                        Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())),
            Tuple.of(
                1,
                Arbitraries.longs().between(MIN_TIME.getEpochSecond(), MAX_TIME.getEpochSecond())));
    Arbitrary<Integer> nanos =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000)),
            Tuple.of(1, Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000)),
            Tuple.of(1, Arbitraries.integers().between(0, 999_999_999)));
    return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

  /** Metric maps of {@code min..max} entries: names {@code [a-z0-9_]{1,64}}, finite values. */
  public static Arbitrary<Map<String, Double>> metrics(int min, int max) {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789_")
            .ofMinLength(1)
            .ofMaxLength(64);
    return Arbitraries.maps(names, finiteDoubles()).ofMinSize(min).ofMaxSize(max);
  }

  /** Finite doubles: every bit pattern, and the edges ({@code -0.0}, subnormals, extremes). */
  public static Arbitrary<Double> finiteDoubles() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            Arbitraries.longs()
                .map(Double::longBitsToDouble)
                .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d))),
        Tuple.of(3, Arbitraries.doubles().between(-1e6, 1e6).ofScale(3)),
        Tuple.of(
            1,
            Arbitraries.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                0.1,
                1e21,
                1e-7,
                9007199254740993.0)));
  }

  /** Unicode text of {@code min..max} code points (never an unpaired surrogate). */
  public static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
    return text(minCodePoints, maxCodePoints, cp -> true);
  }

  /**
   * Text of {@code min..max} code points that pass {@code allowed}. Short texts come from jqwik
   * lists (they shrink well); long ones, up to the maximum, from a seeded random source (jqwik's
   * lists of thousands of elements are slow to generate).
   */
  public static Arbitrary<String> text(int minCodePoints, int maxCodePoints, IntPredicate allowed) {
    Arbitrary<String> small =
        codePoints()
            .filter(allowed::test)
            .list()
            .ofMinSize(minCodePoints)
            .ofMaxSize(Math.min(maxCodePoints, SHORT))
            .map(EventArbitraries::fromCodePoints);
    if (maxCodePoints <= SHORT) {
      return small;
    }
    Arbitrary<String> large =
        Combinators.combine(
                Arbitraries.integers().between(Math.max(minCodePoints, SHORT), maxCodePoints),
                Arbitraries.longs())
            .as((n, seed) -> randomText(n, new Random(seed), allowed));
    return Arbitraries.frequencyOf(Tuple.of(4, small), Tuple.of(1, large));
  }

  private static final int SHORT = 40;

  private static String randomText(int codePoints, Random r, IntPredicate allowed) {
    StringBuilder sb = new StringBuilder(codePoints);
    int n = 0;
    while (n < codePoints) {
      int cp =
          switch (r.nextInt(12)) {
            case 0 -> 0x80 + r.nextInt(0x780);
            case 1 -> 0x800 + r.nextInt(Character.MIN_SURROGATE - 0x800);
            case 2 -> 0x10000 + r.nextInt(0x100000);
            case 3 -> r.nextInt(0x20);
            default -> 0x20 + r.nextInt(0x5F);
          };
      if (allowed.test(cp)) {
        sb.appendCodePoint(cp);
        n++;
      }
    }
    return sb.toString();
  }

  /** Code points, mostly printable ASCII, with the characters that break encoders. */
  public static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(
            1,
            Arbitraries.of(
                0x00,
                0x01,
                0x08,
                0x09,
                0x0A,
                0x0D,
                0x1F,
                (int) '"',
                (int) '\\',
                (int) '/',
                0x7F,
                0x80,
                0xA0,
                0x2028,
                0x2029,
                0xFEFF,
                0xFFFD,
                0xFFFF,
                0x1F600,
                0x10FFFF)),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0x7FF)),
        Tuple.of(
            1,
            Arbitraries.integers()
                .between(0x800, 0xFFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)),
        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
  }

  private record Ids(String eventId, Instant time, String deviceId, String sessionId) {}

  private static String fromCodePoints(List<Integer> cps) {
    StringBuilder sb = new StringBuilder(cps.size());
    for (int cp : cps) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
