package dev.shardwise.local.athena;

import dev.shardwise.local.athena.ArchiveFixture.Anomaly;
import dev.shardwise.local.athena.ArchiveFixture.Event;
import dev.shardwise.local.athena.ArchiveFixture.PageViewRow;
import dev.shardwise.local.athena.ArchiveFixture.Reject;
import dev.shardwise.local.athena.ArchiveWriter.Written;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The answers to the named queries, computed in Java from the fixture's model (the events sent, the
 * rows emitted, the files written), in the form Athena prints them.
 */
final class ArchiveTruth {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ArchiveFixture f;
  private final List<Written> files;

  ArchiveTruth(ArchiveFixture fixture, List<Written> files) {
    this.f = fixture;
    this.files = files;
  }

  static String ts(Instant i) {
    return TS.format(i);
  }

  /** Valid page views by page in [from, to): the consumer's truth, from the events sent. */
  List<List<String>> topPages(Instant from, Instant to, int top) {
    Map<String, long[]> byPage = new TreeMap<>();
    for (Event e : validPageViews()) {
      if (!e.eventTime().isBefore(from) && e.eventTime().isBefore(to)) {
        long[] a = byPage.computeIfAbsent(e.page(), k -> new long[2]);
        a[0]++;
        a[1] += e.loadMs();
      }
    }
    return byPage.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, long[]>>comparingLong(x -> -x.getValue()[0])
                .thenComparing(Map.Entry::getKey))
        .limit(top)
        .map(
            x ->
                List.of(
                    x.getKey(),
                    Long.toString(x.getValue()[0]),
                    avg(x.getValue()[1], x.getValue()[0])))
        .toList();
  }

  List<List<String>> viewsPerMinute(String page, Instant from, Instant to) {
    Map<Instant, long[]> byMinute = new TreeMap<>();
    for (Event e : validPageViews()) {
      Instant m = e.eventTime().truncatedTo(ChronoUnit.MINUTES);
      if (e.page().equals(page) && !m.isBefore(from) && m.isBefore(to)) {
        long[] a = byMinute.computeIfAbsent(m, k -> new long[2]);
        a[0]++;
        a[1] += e.loadMs();
      }
    }
    List<List<String>> out = new ArrayList<>();
    byMinute.forEach(
        (m, a) -> {
          List<PageViewRow> rows =
              f.pageViews.stream()
                  .filter(r -> r.page().equals(page) && r.minute().equals(m))
                  .toList();
          out.add(
              List.of(
                  ts(m),
                  Long.toString(a[0]),
                  avg(a[1], a[0]),
                  Long.toString(rows.stream().filter(PageViewRow::late).count()),
                  Long.toString(rows.stream().map(PageViewRow::shardId).distinct().count())));
        });
    return out;
  }

  /** Distinct devices per day of every archived record. */
  List<List<String>> uniqueDevicesPerDay(LocalDate from, LocalDate to) {
    Map<String, List<Event>> byDay = new TreeMap<>();
    for (Event e : f.events) {
      LocalDate d = LocalDate.parse(e.dt());
      if (!d.isBefore(from) && !d.isAfter(to)) {
        byDay.computeIfAbsent(e.dt(), k -> new ArrayList<>()).add(e);
      }
    }
    List<List<String>> out = new ArrayList<>();
    byDay.forEach(
        (day, list) ->
            out.add(
                List.of(
                    day,
                    Long.toString(list.stream().map(Event::deviceId).distinct().count()),
                    Long.toString(
                        list.stream()
                            .filter(e -> e.type().equals("page_view"))
                            .map(Event::deviceId)
                            .distinct()
                            .count()))));
    return out;
  }

  List<List<String>> recentAnomalies(Instant now, int hours) {
    Instant since = now.minus(Duration.ofHours(hours));
    return f.anomalies.stream()
        .filter(a -> !a.detectedAt().isBefore(since))
        .sorted(
            Comparator.comparing(Anomaly::detectedAt)
                .reversed()
                .thenComparing(Anomaly::severity)
                .thenComparing(Anomaly::key)
                .thenComparing(Anomaly::metric))
        .map(
            a ->
                List.of(
                    ts(a.detectedAt()),
                    a.severity(),
                    a.kind(),
                    a.keyType(),
                    a.key(),
                    a.metric(),
                    d(a.observed()),
                    d(a.expected()),
                    d(a.expected() - 10),
                    d(a.expected() + 10),
                    d(a.score()),
                    d(3.0),
                    a.shardId()))
        .toList();
  }

  List<List<String>> deviceTelemetry(String device, Instant now, int hours) {
    Instant since = now.minus(Duration.ofHours(hours));
    List<List<String>> out = new ArrayList<>();
    f.events.stream()
        .filter(
            e ->
                e.eventId() != null
                    && e.type().equals("telemetry")
                    && device.equals(e.deviceId())
                    && e.eventTime() != null
                    && !e.eventTime().isBefore(since))
        .sorted(Comparator.comparing(Event::eventTime).reversed())
        .forEach(e -> e.metrics().forEach((k, v) -> out.add(List.of(ts(e.eventTime()), k, d(v)))));
    return out;
  }

  List<List<String>> rejectReasons(LocalDate from, LocalDate to) {
    Map<List<String>, Set<String>> groups = new LinkedHashMap<>();
    for (Reject r : f.rejects) {
      LocalDate d = r.arrival().atZone(ZoneOffset.UTC).toLocalDate();
      if (!d.isBefore(from) && !d.isAfter(to)) {
        groups
            .computeIfAbsent(
                List.of(ts(r.arrival().truncatedTo(ChronoUnit.HOURS)), r.reason()),
                k -> new HashSet<>())
            .add(r.rowId());
      }
    }
    return groups.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<List<String>, Set<String>>, String>comparing(
                    x -> x.getKey().get(0))
                .thenComparing(x -> -x.getValue().size())
                .thenComparing(x -> x.getKey().get(1)))
        .map(
            x ->
                List.of(
                    x.getKey().get(0), x.getKey().get(1), Integer.toString(x.getValue().size())))
        .toList();
  }

  List<List<String>> freshness(LocalDate since, Instant now) {
    List<List<String>> out = new ArrayList<>();
    String s = since.toString();
    Instant events =
        f.events.stream()
            .filter(e -> e.dt().compareTo(s) >= 0 && e.eventTime() != null)
            .map(Event::eventTime)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long eventRows =
        f.events.stream().filter(e -> e.dt().compareTo(s) >= 0).mapToLong(Event::copies).sum();
    Instant pv =
        f.pageViews.stream()
            .map(PageViewRow::minute)
            .filter(m -> dt(m).compareTo(s) >= 0)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long pvRows =
        f.pageViews.stream()
            .filter(r -> dt(r.minute()).compareTo(s) >= 0)
            .mapToLong(PageViewRow::copies)
            .sum();
    Instant an =
        f.anomalies.stream()
            .map(Anomaly::detectedAt)
            .filter(m -> dt(m).compareTo(s) >= 0)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long anRows =
        f.anomalies.stream()
            .filter(a -> dt(a.detectedAt()).compareTo(s) >= 0)
            .mapToLong(Anomaly::copies)
            .sum();
    Instant rj =
        f.rejects.stream()
            .map(Reject::arrival)
            .filter(m -> dt(m).compareTo(s) >= 0)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long rjRows =
        f.rejects.stream()
                .filter(r -> dt(r.arrival()).compareTo(s) >= 0)
                .mapToLong(Reject::copies)
                .sum()
            + files.stream()
                .filter(
                    w ->
                        w.table().equals("rejects")
                            && w.dt().compareTo(s) >= 0
                            && w.path().toString().endsWith("-a.gz"))
                .count(); // one malformed line per file
    out.add(freshnessRow("anomalies", an, anRows, s, now));
    out.add(freshnessRow("events", events, eventRows, s, now));
    out.add(freshnessRow("page_views", pv, pvRows, s, now));
    out.add(freshnessRow("rejects", rj, rjRows, s, now));
    return out;
  }

  private List<String> freshnessRow(
      String table, Instant newestData, long rows, String since, Instant now) {
    Instant arrival =
        files.stream()
            .filter(w -> w.table().equals(table) && w.dt().compareTo(since) >= 0)
            .map(Written::modified)
            .max(Comparator.naturalOrder())
            .orElse(null);
    List<String> row = new ArrayList<>();
    row.add(table);
    row.add(newestData == null ? null : ts(newestData));
    row.add(arrival == null ? null : ts(arrival) + " UTC");
    row.add(arrival == null ? null : Long.toString(Duration.between(arrival, now).getSeconds()));
    row.add(Long.toString(rows));
    return row;
  }

  List<List<String>> duplicates(LocalDate from, LocalDate to) {
    List<List<String>> out = new ArrayList<>();
    out.addAll(
        dups(
            "anomalies",
            f.anomalies,
            a -> dt(a.detectedAt()),
            Anomaly::rowId,
            Anomaly::copies,
            from,
            to));
    out.addAll(dups("events", f.events, Event::dt, Event::eventId, Event::copies, from, to));
    out.addAll(
        dups(
            "page_views",
            f.pageViews,
            r -> dt(r.minute()),
            PageViewRow::rowId,
            PageViewRow::copies,
            from,
            to));
    out.addAll(
        dups("rejects", f.rejects, r -> dt(r.arrival()), Reject::rowId, Reject::copies, from, to));
    return out;
  }

  private static <T> List<List<String>> dups(
      String table,
      List<T> items,
      Function<T, String> dt,
      Function<T, String> key,
      Function<T, Integer> copies,
      LocalDate from,
      LocalDate to) {
    Map<String, long[]> rows = new TreeMap<>();
    Map<String, Set<String>> keys = new TreeMap<>();
    for (T t : items) {
      String d = dt.apply(t);
      if (d.compareTo(from.toString()) < 0
          || d.compareTo(to.toString()) > 0
          || key.apply(t) == null) {
        continue;
      }
      rows.computeIfAbsent(d, k -> new long[1])[0] += copies.apply(t);
      keys.computeIfAbsent(d, k -> new HashSet<>()).add(key.apply(t));
    }
    List<List<String>> out = new ArrayList<>();
    rows.forEach(
        (d, n) ->
            out.add(
                List.of(
                    table,
                    d,
                    Long.toString(n[0]),
                    Integer.toString(keys.get(d).size()),
                    Long.toString(n[0] - keys.get(d).size()))));
    return out;
  }

  private List<Event> validPageViews() {
    return f.events.stream()
        .filter(e -> e.valid() && e.type().equals("page_view"))
        .filter(Objects::nonNull)
        .collect(Collectors.toList());
  }

  private static String dt(Instant i) {
    return i.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String avg(long sum, long count) {
    return Double.toString(Math.round((double) sum / count * 10) / 10.0);
  }

  private static String d(double v) {
    return Double.toString(v);
  }
}
