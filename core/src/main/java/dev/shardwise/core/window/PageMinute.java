package dev.shardwise.core.window;

import java.time.Instant;
import java.util.Objects;

/**
 * Page views of one page in one event-time minute, within one window segment.
 *
 * @param minute the event-time minute (UTC, whole minute)
 * @param page the page path
 * @param views valid, deduplicated {@code page_view} events
 * @param uniqueDevices distinct devices among these views
 * @param loadMsSum sum of {@code load_ms} over the views that carry it
 * @param loadMsCount views that carry {@code load_ms}
 * @param loadMsMax largest {@code load_ms}, or -1 when {@code loadMsCount} is 0
 * @param late the minute (plus the configured grace) ended before the window started
 */
public record PageMinute(
    Instant minute,
    String page,
    long views,
    long uniqueDevices,
    long loadMsSum,
    long loadMsCount,
    int loadMsMax,
    boolean late) {

  public PageMinute {
    Objects.requireNonNull(minute, "minute");
    Objects.requireNonNull(page, "page");
  }
}
