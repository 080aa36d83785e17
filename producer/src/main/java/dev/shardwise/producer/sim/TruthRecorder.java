package dev.shardwise.producer.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.RejectReason;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link GroundTruth} of a run from the records the simulator emitted, as they are
 * emitted (a run can be long: it keeps counts, the distinct event ids, and per (minute, page) the
 * distinct devices). Not thread-safe.
 */
public final class TruthRecorder {
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<GroundTruth.PageMinute, long[]> views = new HashMap<>();
  private final Map<GroundTruth.PageMinute, Set<String>> devices = new HashMap<>();
  private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
  private final Map<RejectReason, Long> malformed = new EnumMap<>(RejectReason.class);
  private final Set<String> validIds = new HashSet<>();
  private final Set<String> allIds = new HashSet<>();
  private long recordsSent;
  private long validRecords;
  private long duplicates;
  private long late;
  private long future;
  private long pageViews;
  private long clicks;
  private long telemetry;

  public TruthRecorder() {
    for (RejectReason r : RejectReason.values()) {
      rejects.put(r, 0L);
    }
  }

  /** Counts one emitted record. */
  public void record(SimRecord r) {
    recordsSent++;
    switch (r.kind()) {
      case DUPLICATE -> duplicates++;
      case LATE -> late++;
      case FUTURE -> future++;
      case MALFORMED -> malformed.merge(r.expectedReject(), 1L, Long::sum);
      default -> {}
    }
    if (!r.kind().valid()) {
      rejects.merge(r.expectedReject(), 1L, Long::sum);
      String id = eventIdOf(r.data());
      if (id != null) {
        allIds.add(id);
      }
      return;
    }
    validRecords++;
    Event e = r.event();
    allIds.add(e.eventId());
    if (!validIds.add(e.eventId())) {
      return; // a duplicate send counts once
    }
    switch (e.type()) {
      case PAGE_VIEW -> pageViews++;
      case CLICK -> clicks++;
      case TELEMETRY -> telemetry++;
    }
    if (e.type() == EventType.PAGE_VIEW) {
      GroundTruth.PageMinute key =
          new GroundTruth.PageMinute(e.time().truncatedTo(ChronoUnit.MINUTES), e.page());
      views.computeIfAbsent(key, k -> new long[1])[0]++;
      devices.computeIfAbsent(key, k -> new HashSet<>()).add(e.deviceId());
    }
  }

  /** The truth of everything recorded so far. */
  public GroundTruth truth(Simulator sim) {
    SimConfig c = sim.config();
    Map<GroundTruth.PageMinute, GroundTruth.PageCount> pages = new HashMap<>();
    views.forEach((k, v) -> pages.put(k, new GroundTruth.PageCount(v[0], devices.get(k).size())));
    return new GroundTruth(
        new GroundTruth.Run(
            c.seed(),
            c.start(),
            c.start().plus(c.duration()),
            c.rate(),
            c.duration().toSeconds(),
            c.devices(),
            c.pages(),
            c.dayLength().toSeconds()),
        pages,
        rejects,
        new GroundTruth.Events(
            recordsSent,
            validRecords,
            validIds.size(),
            allIds.size(),
            pageViews,
            clicks,
            telemetry),
        new GroundTruth.Faults(duplicates, late, future, malformed),
        sim.anomalies());
  }

  /** The string {@code event_id} of a UTF-8 JSON object, or {@code null}. */
  static String eventIdOf(byte[] data) {
    try (JsonParser p = JSON.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String id = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("event_id") && v == JsonToken.VALUE_STRING) {
          id = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return t == JsonToken.END_OBJECT ? id : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
