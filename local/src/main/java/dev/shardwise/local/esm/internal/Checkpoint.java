package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a shard's poller persists after each completed step: the last record done (processed or sent
 * to the on-failure destination), whether the shard is finished, and the open tumbling window with
 * the state Lambda keeps for it.
 *
 * @param sequenceNumber the last record done, or {@code null} when none yet
 * @param shardEnd the shard was read to its end and everything in it is done
 * @param window the open window, or {@code null}
 */
public record Checkpoint(String sequenceNumber, boolean shardEnd, OpenWindow window) {

  /**
   * An open tumbling window.
   *
   * @param start inclusive, aligned to the window length
   * @param end exclusive
   * @param state the state the last successful invocation returned ({@code null}: fresh)
   * @param terminateEarly the state passed 1 MB: the next invocation ends the window early
   */
  public record OpenWindow(Instant start, Instant end, JsonNode state, boolean terminateEarly) {}

  public static final Checkpoint NONE = new Checkpoint(null, false, null);
}
