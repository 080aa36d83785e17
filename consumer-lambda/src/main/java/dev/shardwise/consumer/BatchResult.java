package dev.shardwise.consumer;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation's output: the state for Lambda to pass to the next invocation of the window, and
 * the sequence number of the first record that was not processed, if any (Lambda resumes there).
 */
public record BatchResult(Map<String, String> state, Optional<String> failedSequenceNumber) {
  public BatchResult {
    state = Map.copyOf(state);
    Objects.requireNonNull(failedSequenceNumber, "failedSequenceNumber");
  }
}
