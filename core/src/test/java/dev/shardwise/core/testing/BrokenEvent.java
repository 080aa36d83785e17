package dev.shardwise.core.testing;

import dev.shardwise.core.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record that breaks exactly one rule of the event contract.
 *
 * @param bytes the record
 * @param arrival the arrival time to decode it with
 * @param expected the reason the decoder must give
 * @param mutation what was broken, for failure messages
 * @param schemaCanTell whether a JSON Schema validator (given strictly parsed UTF-8 JSON) can see
 *     the broken rule: false for the byte size, arrival-relative time, duplicate keys and unpaired
 *     surrogate escapes
 */
public record BrokenEvent(
    byte[] bytes, Instant arrival, RejectReason expected, String mutation, boolean schemaCanTell) {

  @Override
  public String toString() {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.length() > 300) {
      text = text.substring(0, 300) + "... (" + bytes.length + " bytes)";
    }
    return mutation + " -> " + expected.code() + ": " + text;
  }
}
