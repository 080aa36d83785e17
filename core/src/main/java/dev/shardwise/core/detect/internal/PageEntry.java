package dev.shardwise.core.detect.internal;

/** The state of one page on one shard. */
public final class PageEntry {
  /** Window start (epoch seconds) of the last window with views of this page. */
  public long lastSeen;

  /** Full windows observed since first seen, capped. */
  public int windows;

  /** EWMA of the page's share of the shard's views. */
  public float share;

  /** EWMA of the dispersion index (squared residual over expected views), at least 1. */
  public float dispersion;

  public PageEntry copy() {
    PageEntry p = new PageEntry();
    p.lastSeen = lastSeen;
    p.windows = windows;
    p.share = share;
    p.dispersion = dispersion;
    return p;
  }
}
