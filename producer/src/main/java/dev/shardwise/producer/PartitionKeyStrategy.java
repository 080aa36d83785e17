package dev.shardwise.producer;

import dev.shardwise.core.event.Event;

/**
 * Chooses the partition key of an event. Kinesis orders records per shard, so events with the same
 * key keep their relative order (see {@link KinesisPublisher}); the consumer's per-device detectors
 * rely on {@link #DEVICE_ID}, the default. Must be a pure function, thread-safe, and return 1-256
 * characters.
 */
@FunctionalInterface
public interface PartitionKeyStrategy {

  String partitionKey(Event event);

  /** The event's {@code device_id}: the contract's partition key. */
  PartitionKeyStrategy DEVICE_ID = Event::deviceId;
}
