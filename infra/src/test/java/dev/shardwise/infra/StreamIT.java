package dev.shardwise.infra;

import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.consumer.definitions.StreamDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without context overrides, the stream is {@code stream.json}'s. */
class StreamIT {

  @Test
  void stream_isTheSharedDefinition() {
    Synthesized s = Synthesized.get();
    StreamDefinition d = Definitions.stream();

    s.template.hasResourceProperties(
        "AWS::Kinesis::Stream",
        Map.of(
            "Name", d.streamName(),
            "ShardCount", d.shardCount(),
            "RetentionPeriodHours", d.retentionPeriodHours(),
            "StreamModeDetails", Map.of("StreamMode", d.streamMode())));
  }
}
