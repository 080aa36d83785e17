package dev.shardwise.producer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.core.event.RejectReason;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated run must produce downstream: the expected results the Athena tests, the demo's
 * verdict and the detector evaluation compare against. Written and read as JSON lines (format in
 * {@code docs/ground-truth.md}); {@link #read} and {@link #write} round-trip exactly.
 *
 * <p>"Expected" assumes every record arrives (Kinesis arrival time) no earlier than its send time
 * and less than 7 days minus 30 minutes after it, which the CLI guarantees by never sending early.
 * Under that assumption the valid events are valid and the rejected records are rejected with their
 * reason whatever the arrival time, because every fault is far from a boundary.
 *
 * @param run what was simulated
 * @param pageMinutes per (event-time minute, page): distinct valid {@code page_view} events (by
 *     {@code event_id}) and distinct devices among them; late events count in their own minute
 * @param rejects per reject reason, records sent that must be rejected with it (every reason
 *     present, zeros included); each is sent once, so with a publisher that never re-sent a
 *     timed-out call the {@code rejects} table holds exactly this many rows
 * @param events counts of records and event ids
 * @param faults what was injected
 * @param anomalies the labelled anomalies, in start order
 */
public record GroundTruth(
    Run run,
    Map<PageMinute, PageCount> pageMinutes,
    Map<RejectReason, Long> rejects,
    Events events,
    Faults faults,
    List<AnomalyLabel> anomalies) {

  /** Bump when a line's meaning changes. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public GroundTruth {
    pageMinutes = java.util.Collections.unmodifiableMap(new TreeMap<>(pageMinutes));
    rejects = java.util.Collections.unmodifiableMap(new EnumMap<>(rejects));
    anomalies = List.copyOf(anomalies);
  }

  /** The run: seed and settings, and the event-time span {@code [start, end)}. */
  public record Run(
      long seed,
      Instant start,
      Instant end,
      int rate,
      long durationSeconds,
      int devices,
      int pages,
      long dayLengthSeconds) {}

  /** A key of {@link #pageMinutes}: the UTC minute (truncated event time) and the page. */
  public record PageMinute(Instant minute, String page) implements Comparable<PageMinute> {
    @Override
    public int compareTo(PageMinute o) {
      int c = minute.compareTo(o.minute);
      return c != 0 ? c : page.compareTo(o.page);
    }
  }

  /** Views and unique devices of one (minute, page). */
  public record PageCount(long views, long uniqueDevices) {}

  /**
   * Record and event-id counts.
   *
   * @param recordsSent records the simulator emitted (duplicates included)
   * @param validRecords records that are valid events (duplicates included)
   * @param distinctValidEventIds distinct event ids among valid events: the rows {@code
   *     events_unique} holds for valid events
   * @param distinctEventIds distinct event ids among every record that is a UTF-8 JSON object with
   *     a string {@code event_id} (valid or not): what {@code events_unique} holds if the archive
   *     keeps every parseable record
   * @param pageViews distinct valid page views
   * @param clicks distinct valid clicks
   * @param telemetry distinct valid telemetry events
   */
  public record Events(
      long recordsSent,
      long validRecords,
      long distinctValidEventIds,
      long distinctEventIds,
      long pageViews,
      long clicks,
      long telemetry) {}

  /** Injected faults: duplicate sends, late events, future events, malformed records by reason. */
  public record Faults(long duplicates, long late, long future, Map<RejectReason, Long> malformed) {
    public Faults {
      malformed = java.util.Collections.unmodifiableMap(new EnumMap<>(malformed));
    }
  }

  /** Views of one page over all minutes. */
  public long viewsOf(String page) {
    return pageMinutes.entrySet().stream()
        .filter(e -> e.getKey().page().equals(page))
        .mapToLong(e -> e.getValue().views())
        .sum();
  }

  /** Every page view of the run. */
  public long totalViews() {
    return pageMinutes.values().stream().mapToLong(PageCount::views).sum();
  }

  // ---- JSON lines ------------------------------------------------------------------------------

  public void write(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w);
    }
  }

  public void write(Writer w) throws IOException {
    ObjectNode r = line("run");
    r.put("format", FORMAT);
    r.put("seed", run.seed());
    r.put("start", run.start().toString());
    r.put("end", run.end().toString());
    r.put("rate", run.rate());
    r.put("duration_seconds", run.durationSeconds());
    r.put("devices", run.devices());
    r.put("pages", run.pages());
    r.put("day_length_seconds", run.dayLengthSeconds());
    emit(w, r);
    ObjectNode ev = line("events");
    ev.put("records_sent", events.recordsSent());
    ev.put("valid_records", events.validRecords());
    ev.put("distinct_valid_event_ids", events.distinctValidEventIds());
    ev.put("distinct_event_ids", events.distinctEventIds());
    ev.put("page_views", events.pageViews());
    ev.put("clicks", events.clicks());
    ev.put("telemetry", events.telemetry());
    emit(w, ev);
    for (Map.Entry<RejectReason, Long> e : rejects.entrySet()) {
      emit(w, line("reject").put("reason", e.getKey().code()).put("count", e.getValue()));
    }
    ObjectNode f = line("faults");
    f.put("duplicates", faults.duplicates());
    f.put("late", faults.late());
    f.put("future", faults.future());
    ObjectNode m = f.putObject("malformed");
    faults.malformed().forEach((k, v) -> m.put(k.code(), v));
    emit(w, f);
    for (AnomalyLabel a : anomalies) {
      emit(
          w,
          line("anomaly")
              .put("id", a.id())
              .put("type", a.kind().code())
              .put("key_type", a.keyType())
              .put("key", a.key())
              .put("metric", a.metric())
              .put("start", a.start().toString())
              .put("end", a.end().toString())
              .put("magnitude", a.magnitude()));
    }
    for (Map.Entry<PageMinute, PageCount> e : pageMinutes.entrySet()) {
      emit(
          w,
          line("page_minute")
              .put("minute", e.getKey().minute().toString())
              .put("page", e.getKey().page())
              .put("views", e.getValue().views())
              .put("unique_devices", e.getValue().uniqueDevices()));
    }
  }

  private static ObjectNode line(String kind) {
    return JSON.createObjectNode().put("kind", kind);
  }

  private static void emit(Writer w, ObjectNode node) throws IOException {
    w.write(JSON.writeValueAsString(node));
    w.write('\n');
  }

  /**
   * Reads a truth file.
   *
   * @throws IOException when it cannot be read, or a line is not of this format (with its number)
   */
  public static GroundTruth read(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  public static GroundTruth read(BufferedReader reader) throws IOException {
    Run run = null;
    Events events = null;
    Faults faults = null;
    Map<PageMinute, PageCount> pages = new TreeMap<>();
    Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    List<AnomalyLabel> anomalies = new ArrayList<>();
    String text;
    int lineNo = 0;
    while ((text = reader.readLine()) != null) {
      lineNo++;
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(text);
        switch (n.path("kind").asText()) {
          case "run" -> {
            if (n.path("format").asInt() != FORMAT) {
              throw new IOException(
                  "truth format " + n.path("format") + ", this reader knows " + FORMAT);
            }
            run =
                new Run(
                    n.get("seed").asLong(),
                    Instant.parse(n.get("start").asText()),
                    Instant.parse(n.get("end").asText()),
                    n.get("rate").asInt(),
                    n.get("duration_seconds").asLong(),
                    n.get("devices").asInt(),
                    n.get("pages").asInt(),
                    n.get("day_length_seconds").asLong());
          }
          case "events" ->
              events =
                  new Events(
                      n.get("records_sent").asLong(),
                      n.get("valid_records").asLong(),
                      n.get("distinct_valid_event_ids").asLong(),
                      n.get("distinct_event_ids").asLong(),
                      n.get("page_views").asLong(),
                      n.get("clicks").asLong(),
                      n.get("telemetry").asLong());
          case "reject" -> rejects.put(reason(n.get("reason").asText()), n.get("count").asLong());
          case "faults" -> {
            Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
            n.get("malformed")
                .fields()
                .forEachRemaining(e -> m.put(reason(e.getKey()), e.getValue().asLong()));
            faults =
                new Faults(
                    n.get("duplicates").asLong(),
                    n.get("late").asLong(),
                    n.get("future").asLong(),
                    m);
          }
          case "anomaly" ->
              anomalies.add(
                  new AnomalyLabel(
                      n.get("id").asText(),
                      AnomalyKind.fromCode(n.get("type").asText()),
                      n.get("key_type").asText(),
                      n.get("key").asText(),
                      n.get("metric").asText(),
                      Instant.parse(n.get("start").asText()),
                      Instant.parse(n.get("end").asText()),
                      n.get("magnitude").asDouble()));
          case "page_minute" ->
              pages.put(
                  new PageMinute(Instant.parse(n.get("minute").asText()), n.get("page").asText()),
                  new PageCount(n.get("views").asLong(), n.get("unique_devices").asLong()));
          default -> throw new IOException("unknown kind '" + n.path("kind").asText() + "'");
        }
      } catch (IOException | RuntimeException e) {
        throw new IOException("ground truth line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    if (run == null || events == null || faults == null) {
      throw new IOException("ground truth lacks its run, events or faults line");
    }
    return new GroundTruth(run, pages, rejects, events, faults, anomalies);
  }

  private static RejectReason reason(String code) {
    RejectReason r = RejectReason.fromCode(code);
    if (r == null) {
      throw new IllegalArgumentException("unknown reject reason '" + code + "'");
    }
    return r;
  }
}
