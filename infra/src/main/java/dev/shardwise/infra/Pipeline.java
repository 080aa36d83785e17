package dev.shardwise.infra;

import java.util.Optional;

/**
 * Resolves what the stack deploys from the shared definitions and the deployment's settings.
 *
 * <p>The stream definition ({@code consumer-lambda}'s {@code stream.json}) has not reached this
 * module yet; until it does, the stream's mode, shard count and retention must be given as context
 * ({@link StackSettings#STREAM_MODE}, {@link StackSettings#SHARD_COUNT}, {@link
 * StackSettings#RETENTION_HOURS}) and the name is the one {@code firehose-config} reads from.
 */
final class Pipeline {
  private Pipeline() {}

  static StreamSpec streamSpec(StackSettings settings) {
    StackSettings.StreamMode mode =
        settings
            .streamMode()
            .orElseThrow(
                () ->
                    new SettingsException(
                        StackSettings.STREAM_MODE,
                        "is required (PROVISIONED or ON_DEMAND) until the stream definition is"
                            + " available to infra"));
    int retention =
        settings
            .retentionHours()
            .orElseThrow(
                () ->
                    new SettingsException(
                        StackSettings.RETENTION_HOURS,
                        "is required until the stream definition is available to infra"));
    int shards =
        mode == StackSettings.StreamMode.ON_DEMAND
            ? 0
            : settings
                .shardCount()
                .orElseThrow(
                    () ->
                        new SettingsException(
                            StackSettings.SHARD_COUNT,
                            "is required in PROVISIONED mode until the stream definition is"
                                + " available to infra"));
    return StreamSpec.resolve(STREAM_NAME, mode, Math.max(shards, 1), retention, settings);
  }

  /**
   * The consumer, once its definitions ({@code event-source-mapping.json}, {@code ConsumerConfig},
   * the handler class) reach infra; until then the stack deploys without it.
   */
  static Optional<ConsumerSpec> consumerSpec(StackSettings settings) {
    return Optional.empty();
  }

  /** The Kinesis stream's name, as docs/architecture.md fixes it. */
  static final String STREAM_NAME = "shardwise-events";
}
