package dev.shardwise.local.firehose.internal;

import dev.shardwise.firehose.DeliveryStreamDefinition;
import java.time.Instant;

/** One created delivery stream: its definition, ARN, pipeline and source side. */
public record StreamState(
    DeliveryStreamDefinition definition,
    String arn,
    Instant created,
    DeliveryPipeline pipeline,
    SpillLog spill,
    KinesisSource kinesis) {}
