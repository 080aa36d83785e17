package dev.shardwise.core.window;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A closed window segment: what the {@code page_views} rows and the detectors are made of.
 *
 * @param shardId the Kinesis shard
 * @param segment the segment (its window start and first record)
 * @param windowEnd end of the Lambda tumbling window
 * @param closeReason why the segment closed
 * @param pageMinutes one entry per (event minute, page), ordered by minute then page
 * @param devices one entry per device, in first-seen order
 * @param totals counts over the segment
 */
public record WindowSummary(
    String shardId,
    SegmentKey segment,
    Instant windowEnd,
    CloseReason closeReason,
    List<PageMinute> pageMinutes,
    List<DeviceActivity> devices,
    WindowTotals totals) {

  public WindowSummary {
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(closeReason, "closeReason");
    pageMinutes = List.copyOf(pageMinutes);
    devices = List.copyOf(devices);
    Objects.requireNonNull(totals, "totals");
  }

  public Instant windowStart() {
    return segment.windowStart();
  }
}
