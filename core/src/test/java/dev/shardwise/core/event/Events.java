package dev.shardwise.core.event;

import java.time.Instant;
import java.util.Map;

/** Example events for unit tests. */
final class Events {

  static final Instant ARRIVAL = Instant.parse("2026-11-21T12:00:00Z");
  static final Instant TIME = Instant.parse("2026-11-21T11:58:00.250Z");

  static final Event PAGE_VIEW =
      new Event(
          "evt-0001",
          EventType.PAGE_VIEW,
          TIME,
          "device-42",
          "sess-7",
          "/products/42",
          "https://search.example/?q=x",
          "DE",
          312,
          null);

  static final Event TELEMETRY =
      new Event(
          "evt-0002",
          EventType.TELEMETRY,
          TIME,
          "device-42",
          null,
          null,
          null,
          null,
          Event.NO_LOAD_MS,
          Map.of("cpu_pct", 71.5, "mem_mb", 512.0));

  private Events() {}
}
