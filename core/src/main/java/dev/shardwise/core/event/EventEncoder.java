package dev.shardwise.core.event;

import dev.shardwise.core.event.internal.CanonicalJsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes events as canonical JSON (schema version 1): UTF-8, no whitespace, fields in the order of
 * the contract table ({@code schema, event_id, type, time, device_id, session_id, page, referrer,
 * country, load_ms, metrics}), absent optional fields left out (never written as {@code null}),
 * {@code time} in UTC with {@code Z} and 0, 3, 6 or 9 fraction digits, metrics in name order,
 * numbers in the shortest form that reads back to the same double ({@code -0.0} stays {@code
 * -0.0}), non-ASCII characters as UTF-8 (not escaped), control characters escaped.
 *
 * <p>Two equal events encode to the same bytes, and {@code decode(encode(e))} is {@code Valid(e)}
 * for every event that satisfies the contract (with an arrival time that satisfies the time rule).
 * The encoder does not check the contract's value rules: an event built by hand with, say, an empty
 * {@code device_id} is written as it is and rejected by the decoder.
 *
 * <p>The bytes are written by hand (no JSON library on this hot path), the same bytes as Jackson's
 * generator writes for the same fields; a differential test holds the two together.
 *
 * <p>Thread-safe: static methods over one reusable writer per thread.
 */
public final class EventEncoder {

  private static final ThreadLocal<CanonicalJsonWriter> WRITERS =
      ThreadLocal.withInitial(CanonicalJsonWriter::new);

  private EventEncoder() {}

  /**
   * The canonical JSON of {@code event}.
   *
   * @throws IllegalArgumentException when the event cannot be written: a time outside the years
   *     0000-9999, or a string with an unpaired surrogate (not Unicode text)
   */
  public static byte[] encode(Event event) {
    Objects.requireNonNull(event, "event");
    CanonicalJsonWriter writer = WRITERS.get();
    int length = writer.write(event);
    return Arrays.copyOf(writer.buffer(), length);
  }

  /**
   * Writes the canonical JSON of {@code event} to {@code out} (no trailing newline) and flushes it;
   * does not close {@code out}.
   *
   * @throws IOException when {@code out} fails
   * @throws IllegalArgumentException when the event cannot be written (see {@link #encode});
   *     nothing has been written then
   */
  public static void encodeTo(Event event, OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    out.write(encode(event));
    out.flush();
  }
}
