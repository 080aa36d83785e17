package dev.shardwise.infra;

import dev.shardwise.infra.StackSettings.StreamMode;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kinesis stream to deploy: the shared stream definition with the deployment's overrides
 * ({@link StackSettings}) applied.
 *
 * @param name stream name
 * @param mode capacity mode
 * @param shardCount provisioned shards; empty in {@code ON_DEMAND} mode
 * @param retentionHours retention period
 */
public record StreamSpec(
    String name, StreamMode mode, Optional<Integer> shardCount, int retentionHours) {

  public StreamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(shardCount, "shardCount");
    if ((mode == StreamMode.PROVISIONED) != shardCount.isPresent()) {
      throw new IllegalArgumentException(
          "a PROVISIONED stream needs a shard count and an ON_DEMAND stream takes none");
    }
  }

  /**
   * The definition's values, overridden by the settings that are present.
   *
   * @param definedShards the definition's shard count (used in PROVISIONED mode when not
   *     overridden)
   */
  public static StreamSpec resolve(
      String name,
      StreamMode definedMode,
      int definedShards,
      int definedRetentionHours,
      StackSettings settings) {
    StreamMode mode = settings.streamMode().orElse(definedMode);
    Optional<Integer> shards =
        mode == StreamMode.ON_DEMAND
            ? Optional.empty()
            : Optional.of(settings.shardCount().orElse(definedShards));
    return new StreamSpec(
        name, mode, shards, settings.retentionHours().orElse(definedRetentionHours));
  }
}
