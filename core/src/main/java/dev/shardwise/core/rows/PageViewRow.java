package dev.shardwise.core.rows;

import dev.shardwise.core.window.PageMinute;
import dev.shardwise.core.window.WindowSummary;
import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code page_views}: one (shard, window segment, event minute, page). Columns and meaning
 * in docs/architecture.md; {@code loadMsMax} is {@code null} when {@code loadMsCount} is 0.
 */
public record PageViewRow(
    String rowId,
    String shardId,
    Instant windowStart,
    Instant windowEnd,
    String segment,
    Instant minute,
    String page,
    long views,
    long uniqueDevices,
    long loadMsSum,
    long loadMsCount,
    Integer loadMsMax,
    boolean late) {

  public PageViewRow {
    Objects.requireNonNull(rowId, "rowId");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(minute, "minute");
    Objects.requireNonNull(page, "page");
  }

  /** The row of one page minute of a closed segment, with its deterministic id. */
  public static PageViewRow of(WindowSummary w, PageMinute m) {
    String segment = w.segment().id();
    String id =
        RowIds.of(
            w.shardId(),
            Timestamps.format(w.windowStart()),
            segment,
            Timestamps.format(m.minute()),
            m.page());
    return new PageViewRow(
        id,
        w.shardId(),
        w.windowStart(),
        w.windowEnd(),
        segment,
        m.minute(),
        m.page(),
        m.views(),
        m.uniqueDevices(),
        m.loadMsSum(),
        m.loadMsCount(),
        m.loadMsCount() == 0 ? null : m.loadMsMax(),
        m.late());
  }
}
