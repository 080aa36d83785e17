package dev.shardwise.core.window;

import dev.shardwise.core.event.Event;

/**
 * Keeps a window state's encoded size (base64 characters in the Lambda state map) under a budget.
 * Before an event is counted, {@link #admits} compares an estimate with the budget: the last
 * measured encoded size plus 4/3 of the raw bytes added since (an upper bound, as compression only
 * shrinks them) plus the event's own bound. Only when the estimate crosses the budget does it
 * encode the state to measure it; when even the measured size leaves no room, the caller closes the
 * segment early and starts a new one.
 *
 * <p>Deterministic: the measurement is stored in the state, and the encoding is canonical, so the
 * decision at each event is the same however Lambda split the window into invocations.
 */
public final class StateBudget {
  /**
   * Default budget in base64 characters: Lambda allows 1 MB of state per shard; this leaves 50 KB
   * for the JSON around it and for compression noise.
   */
  public static final int DEFAULT_MAX_CHARS = 950_000;

  private static final int SAFETY_CHARS = 64;

  /**
   * A bound of {@link WindowState#growthBound} for any event: its strings come from at most 64 KiB
   * of JSON (at most 3 UTF-8 bytes per char here) plus fixed costs for at most 32 metrics.
   */
  private static final long ANY_EVENT_CHARS = chars(3L * 65_536 + 32 * 64 + 256);

  private final long maxChars;

  public StateBudget(long maxChars) {
    if (maxChars < 16_384) {
      throw new IllegalArgumentException("state budget must be at least 16384 characters");
    }
    this.maxChars = maxChars;
  }

  public long maxChars() {
    return maxChars;
  }

  /**
   * Whether {@code e} may be counted into {@code s} without the encoded state exceeding the budget.
   * A state that has counted nothing always admits (one event is at most 64 KiB). May encode the
   * state to measure it, and records the measurement in the state.
   */
  public boolean admits(WindowState s, Event e) {
    if (s.validEvents - s.duplicates == 0) {
      return true;
    }
    long estimate = estimate(s);
    if (estimate + ANY_EVENT_CHARS <= maxChars) {
      return true; // far from the budget: no need to look at the event
    }
    long bound = chars(WindowState.growthBound(e));
    if (estimate + bound <= maxChars) {
      return true;
    }
    if (s.measuredChars >= 0 && s.rawAtMeasure == s.rawBytes) {
      return false; // measured at this very content already
    }
    s.measuredChars = WindowStateCodec.encodedChars(s);
    s.rawAtMeasure = s.rawBytes;
    return s.measuredChars + bound + SAFETY_CHARS <= maxChars;
  }

  /** The estimated encoded size in characters (an upper bound, up to compression noise). */
  public static long estimate(WindowState s) {
    if (s.measuredChars < 0) {
      return chars(s.rawBytes) + SAFETY_CHARS;
    }
    return s.measuredChars + chars(s.rawBytes - s.rawAtMeasure) + SAFETY_CHARS;
  }

  private static long chars(long rawBytes) {
    // base64 (4/3) plus 1% for compression framing noise
    return (rawBytes * 4 + 2) / 3 + rawBytes / 100;
  }
}
