package dev.shardwise.local.athena;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic archive in exactly the layout the pipeline writes: events as Firehose archives
 * them (every record received: duplicates, rule-breaking events, records without an event_id),
 * page_views as the consumer emits them (per shard and arrival-time window, late rows, repeated
 * emissions), anomalies (repeated emissions) and rejects (repeated emissions, a malformed line).
 * {@link ArchiveTruth} computes the answers from this model, never from SQL; {@link ArchiveWriter}
 * writes the files.
 */
final class ArchiveFixture {
  static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final List<String> PAGES =
      List.of(
          "/",
          "/home",
          "/search",
          "/cart",
          "/checkout",
          "/product/1",
          "/product/2",
          "/product/3",
          "/help",
          "/account",
          "/blog",
          "/about");
  static final int SHARDS = 3;

  /** An archived event record; {@code copies} is how many times Firehose archived it. */
  record Event(
      String eventId,
      String type,
      String time,
      Instant eventTime,
      String deviceId,
      String page,
      Integer loadMs,
      Map<String, Double> metrics,
      Instant arrival,
      boolean valid,
      int copies,
      String dt,
      String hour) {}

  /** A page_views row as the consumer emits it; {@code copies} emissions of the same row. */
  record PageViewRow(
      String rowId,
      String shardId,
      Instant windowStart,
      String segment,
      Instant minute,
      String page,
      long views,
      long uniqueDevices,
      long loadMsSum,
      long loadMsCount,
      Integer loadMsMax,
      boolean late,
      int copies) {}

  record Anomaly(
      String rowId,
      String shardId,
      Instant detectedAt,
      String kind,
      String keyType,
      String key,
      String metric,
      double observed,
      double expected,
      double score,
      String severity,
      int copies) {}

  record Reject(
      String rowId,
      String shardId,
      String sequenceNumber,
      Instant arrival,
      String reason,
      int copies) {}

  final List<Event> events = new ArrayList<>();
  final List<PageViewRow> pageViews = new ArrayList<>();
  final List<Anomaly> anomalies = new ArrayList<>();
  final List<Reject> rejects = new ArrayList<>();
  final LocalDate firstDay;
  final int days;

  private ArchiveFixture(LocalDate firstDay, int days) {
    this.firstDay = firstDay;
    this.days = days;
  }

  static ArchiveFixture generate(long seed, LocalDate firstDay, int days, int eventsPerDay) {
    ArchiveFixture f = new ArchiveFixture(firstDay, days);
    SplittableRandom rnd = new SplittableRandom(seed);
    int seq = 0;
    for (int d = 0; d < days; d++) {
      Instant dayStart = firstDay.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (int i = 0; i < eventsPerDay; i++) {
        f.events.add(f.event(rnd, dayStart, d * eventsPerDay + i));
      }
    }
    f.simulateConsumer(rnd);
    for (Event e : f.events) {
      if (!e.valid()) {
        String shard = shardOf(e.deviceId() == null ? "x" : e.deviceId());
        String sequence = String.format("4959%020d", ++seq);
        f.rejects.add(
            new Reject(
                hash(shard, sequence, "-1"),
                shard,
                sequence,
                e.arrival(),
                e.eventId() == null ? "missing_field" : "bad_value",
                rnd.nextInt(10) == 0 ? 2 : 1));
      }
    }
    for (int i = 0; i < 8; i++) { // records that were not JSON never reached the events table
      Instant arrival =
          firstDay
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .plusSeconds(rnd.nextLong(days * 86_400L));
      String sequence = String.format("4959%020d", ++seq);
      f.rejects.add(
          new Reject(
              hash("shardId-000000000000", sequence, "-1"),
              "shardId-000000000000",
              sequence,
              arrival,
              "malformed_json",
              1));
    }
    for (int i = 0; i < 24; i++) {
      Instant at =
          firstDay
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .plusSeconds(rnd.nextLong(days * 86_400L))
              .truncatedTo(ChronoUnit.MINUTES);
      String key = i % 2 == 0 ? PAGES.get(rnd.nextInt(PAGES.size())) : "dev-" + rnd.nextInt(50);
      String shard = shardOf(key);
      f.anomalies.add(
          new Anomaly(
              hash(shard, at.toString(), key),
              shard,
              at,
              i % 2 == 0 ? "spike" : "metric_out_of_band",
              i % 2 == 0 ? "page" : "device",
              key,
              i % 2 == 0 ? "views" : "cpu",
              100 + i,
              20 + i,
              4.5 + i / 10.0,
              i % 3 == 0 ? "critical" : "warning",
              rnd.nextInt(4) == 0 ? 2 : 1));
    }
    return f;
  }

  private Event event(SplittableRandom rnd, Instant dayStart, int n) {
    Instant eventTime = dayStart.plusMillis(rnd.nextLong(86_400_000L));
    String device = "dev-" + String.format("%03d", rnd.nextInt(50));
    int roll = rnd.nextInt(100);
    String type = roll < 60 ? "page_view" : roll < 75 ? "click" : "telemetry";
    String page = type.equals("telemetry") ? null : PAGES.get(zipf(rnd));
    Integer loadMs = type.equals("page_view") ? 50 + rnd.nextInt(2000) : null;
    Map<String, Double> metrics = null;
    if (type.equals("telemetry")) {
      metrics = new TreeMap<>();
      metrics.put("cpu", Math.round(rnd.nextDouble() * 1000) / 1000.0);
      if (rnd.nextBoolean()) {
        metrics.put("mem", Math.round(rnd.nextDouble() * 4000) / 1000.0);
      }
    }
    boolean late = rnd.nextInt(100) < 5;
    Instant arrival =
        eventTime.plusMillis(late ? 120_000 + rnd.nextLong(480_000) : 200 + rnd.nextLong(4_800));
    String eventId = "evt-" + n;
    String time = ISO_MILLIS.format(eventTime);
    if (rnd.nextInt(10) == 0) { // the same instant written with an offset
      time =
          DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT)
              .withZone(ZoneOffset.ofHours(2))
              .format(eventTime);
    }
    boolean valid = true;
    int fault = rnd.nextInt(200);
    if (fault < 3 && type.equals("page_view")) {
      loadMs = -5; // bad_value: the consumer rejects it, Firehose archives it
      valid = false;
    } else if (fault == 3) {
      eventId = null; // missing_field
      valid = false;
    } else if (fault == 4) {
      // time_out_of_range: ten days old; the consumer rejects it, Firehose archives it under its
      // own (old) partition. A time that is not RFC 3339 never reaches the events table at all:
      // Firehose's JQ fails on it and the record goes to the error prefix.
      eventTime = eventTime.minus(Duration.ofDays(10));
      time = ISO_MILLIS.format(eventTime);
      valid = false;
    }
    String dt = eventTime.atZone(ZoneOffset.UTC).toLocalDate().toString();
    String hour = String.format("%02d", eventTime.atZone(ZoneOffset.UTC).getHour());
    int copies = rnd.nextInt(100) < 3 ? 2 : 1;
    return new Event(
        eventId, type, time, eventTime, device, page, loadMs, metrics, arrival, valid, copies, dt,
        hour);
  }

  /** Tumbling one-minute windows of arrival time per shard, counting by event-time minute. */
  private void simulateConsumer(SplittableRandom rnd) {
    record Key(String shard, Instant window, Instant minute, String page) {}
    Map<Key, List<Event>> groups = new LinkedHashMap<>();
    for (Event e : events) {
      if (!e.valid() || !e.type().equals("page_view")) {
        continue;
      }
      Key k =
          new Key(
              shardOf(e.deviceId()),
              e.arrival().truncatedTo(ChronoUnit.MINUTES),
              e.eventTime().truncatedTo(ChronoUnit.MINUTES),
              e.page());
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
    }
    groups.forEach(
        (k, list) -> {
          long sum = list.stream().mapToLong(Event::loadMs).sum();
          int max = list.stream().mapToInt(Event::loadMs).max().orElseThrow();
          String segment = "4959" + k.window().getEpochSecond();
          pageViews.add(
              new PageViewRow(
                  hash(k.shard(), k.window().toString(), segment, k.minute().toString(), k.page()),
                  k.shard(),
                  k.window(),
                  segment,
                  k.minute(),
                  k.page(),
                  list.size(),
                  list.stream().map(Event::deviceId).distinct().count(),
                  sum,
                  list.size(),
                  max,
                  !k.minute().plus(Duration.ofMinutes(1)).isAfter(k.window()),
                  rnd.nextInt(100) < 5 ? 2 : 1));
        });
  }

  static String shardOf(String deviceId) {
    return String.format("shardId-%012d", Math.floorMod(deviceId.hashCode(), SHARDS));
  }

  private static int zipf(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double total = 0;
    for (int i = 1; i <= PAGES.size(); i++) {
      total += 1.0 / i;
    }
    double acc = 0;
    for (int i = 1; i <= PAGES.size(); i++) {
      acc += 1.0 / i / total;
      if (u <= acc) {
        return i - 1;
      }
    }
    return PAGES.size() - 1;
  }

  static String hash(String... parts) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
