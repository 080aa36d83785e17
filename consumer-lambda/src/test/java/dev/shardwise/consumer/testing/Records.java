package dev.shardwise.consumer.testing;

import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a shard's Kinesis records: events as JSON, KPL aggregates, poison. */
public final class Records {
  private static final BigInteger BASE =
      new BigInteger("49590338271490256608559692538361571095921575989136588898");

  private BigInteger next = BASE;
  private Instant arrival;

  public Records(Instant firstArrival) {
    this.arrival = firstArrival;
  }

  private String nextSequence() {
    next = next.add(BigInteger.valueOf(1_000_003));
    return next.toString();
  }

  /** Moves the arrival time of later records. */
  public Records arriving(Instant t) {
    arrival = t;
    return this;
  }

  public StreamRecord event(Event e) {
    return new StreamRecord(nextSequence(), e.deviceId(), arrival, EventEncoder.encode(e));
  }

  public StreamRecord aggregate(List<Event> events) {
    AggregateBuilder b = new AggregateBuilder();
    for (Event e : events) {
      if (!b.tryAdd(new UserRecord(e.deviceId(), null, EventEncoder.encode(e)))) {
        throw new IllegalArgumentException("aggregate full");
      }
    }
    return new StreamRecord(nextSequence(), events.get(0).deviceId(), arrival, b.build().data());
  }

  /** An aggregate whose user records are these raw byte strings. */
  public StreamRecord aggregateOf(String partitionKey, List<byte[]> userRecords) {
    AggregateBuilder b = new AggregateBuilder();
    for (byte[] d : userRecords) {
      b.tryAdd(new UserRecord(partitionKey, null, d));
    }
    return new StreamRecord(nextSequence(), partitionKey, arrival, b.build().data());
  }

  public StreamRecord raw(String partitionKey, String text) {
    return new StreamRecord(
        nextSequence(), partitionKey, arrival, text.getBytes(StandardCharsets.UTF_8));
  }

  public StreamRecord raw(String partitionKey, byte[] data) {
    return new StreamRecord(nextSequence(), partitionKey, arrival, data);
  }

  public static Event view(String id, String device, String page, Instant time, int loadMs) {
    return new Event(id, EventType.PAGE_VIEW, time, device, null, page, null, null, loadMs, null);
  }

  public static Event telemetry(String id, String device, Instant time, Map<String, Double> m) {
    return new Event(id, EventType.TELEMETRY, time, device, null, null, null, null, -1, m);
  }
}
