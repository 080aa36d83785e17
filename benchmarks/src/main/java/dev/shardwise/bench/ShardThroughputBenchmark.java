package dev.shardwise.bench;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventEncoder;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.server.LocalServer;
import dev.shardwise.producer.KinesisClients;
import dev.shardwise.producer.KinesisPublisher;
import dev.shardwise.producer.PublisherConfig;
import dev.shardwise.producer.PublisherMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * End to end: the publisher against the local Kinesis endpoint with AWS's limits on, one shard,
 * 250-byte events published as fast as the publisher takes them, with and without aggregation. What
 * the shard stored is read back, and its write rate over the steady state (arrival times, the first
 * 2 seconds of the initial token burst left out) is compared with the shard's limits: 1 MiB/s
 * (Kinesis bytes: data plus partition key) and 1,000 records/s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.ShardThroughputBenchmark [seconds]
 * </pre>
 */
public final class ShardThroughputBenchmark {
  private static final double MIB = 1024 * 1024;

  private ShardThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.out.printf(
        "JDK %s, %d CPUs, %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"));
    System.out.printf(
        "%-12s %12s %10s %12s %12s %10s %9s%n",
        "aggregation", "KiB/s", "% 1MiB/s", "records/s", "events/s", "throttled", "retried");
    for (boolean aggregation : new boolean[] {true, false}) {
      Result r = run(aggregation, seconds);
      System.out.printf(
          "%-12s %12.1f %9.1f%% %12.1f %12.1f %10d %9d%n",
          aggregation ? "on" : "off",
          r.kinesisBytesPerSecond / 1024,
          100 * r.kinesisBytesPerSecond / MIB,
          r.kinesisRecordsPerSecond,
          r.eventsPerSecond,
          r.metrics.throttled(),
          r.metrics.retries());
    }
  }

  record Result(
      double kinesisBytesPerSecond,
      double kinesisRecordsPerSecond,
      double eventsPerSecond,
      PublisherMetrics metrics) {}

  static Result run(boolean aggregation, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("shardwise-bench");
    try (KinesisService service =
            new KinesisService(
                KinesisConfig.defaults(), dir, Clock.systemUTC(), new SplittableRandom(1));
        LocalServer server = LocalServer.builder().port(0).build().register(service).start();
        KinesisAsyncClient client = KinesisClients.local(server.endpoint(), 16)) {
      client.createStream(b -> b.streamName("bench").shardCount(1)).join();
      client.waiter().waitUntilStreamExists(b -> b.streamName("bench")).join();
      PublisherConfig config =
          PublisherConfig.builder("bench")
              .aggregation(aggregation)
              .linger(Duration.ofMillis(50))
              .maxBufferedRecords(20_000)
              .build();
      List<Event> events = events250(50);
      KinesisPublisher publisher = KinesisPublisher.builder(client, config).build();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      int i = 0;
      while (System.nanoTime() < end) {
        Event template = events.get(i % events.size());
        publisher.publish(withId(template, "e" + i++));
      }
      publisher.close(Duration.ofSeconds(60));
      return measure(client, publisher.metrics(), seconds);
    }
  }

  /** Rates over the arrival-time window [first + 2 s, last): arrival times may be whole seconds. */
  static Result measure(KinesisAsyncClient client, PublisherMetrics metrics, int seconds)
      throws InterruptedException {
    String shard = client.listShards(b -> b.streamName("bench")).join().shards().get(0).shardId();
    String it =
        client
            .getShardIterator(
                b ->
                    b.streamName("bench")
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .join()
            .shardIterator();
    List<Record> records = new ArrayList<>();
    while (it != null) {
      String current = it;
      GetRecordsResponse r;
      try {
        r = client.getRecords(b -> b.shardIterator(current).limit(10_000)).join();
      } catch (RuntimeException e) {
        Thread.sleep(250);
        continue;
      }
      records.addAll(r.records());
      if (r.records().isEmpty()) {
        break;
      }
      it = r.nextShardIterator();
    }
    Instant first = records.get(0).approximateArrivalTimestamp();
    Instant from = first.plusSeconds(2);
    Instant last = records.get(records.size() - 1).approximateArrivalTimestamp();
    double window = Math.max(0.001, Duration.between(from, last).toMillis() / 1000.0);
    long bytes = 0;
    long count = 0;
    long events = 0;
    for (Record r : records) {
      Instant at = r.approximateArrivalTimestamp();
      if (!at.isBefore(from) && at.isBefore(last)) {
        byte[] data = r.data().asByteArray();
        bytes += data.length + r.partitionKey().getBytes(StandardCharsets.UTF_8).length;
        count++;
        events +=
            ((Deaggregated.Records) KplDecoder.deaggregate(data, r.partitionKey(), null))
                .records()
                .size();
      }
    }
    return new Result(bytes / window, count / window, events / window, metrics);
  }

  /** Page views whose canonical JSON is exactly 250 bytes (the referrer pads them). */
  static List<Event> events250(int devices) {
    List<Event> out = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      Event e = pageView("e0", "device-" + d, "");
      int pad = 250 - EventEncoder.encode(withId(e, "e00000000")).length;
      out.add(pageView("e0", "device-" + d, "x".repeat(Math.max(0, pad))));
    }
    return out;
  }

  private static Event pageView(String id, String device, String pad) {
    return new Event(
        id,
        EventType.PAGE_VIEW,
        Instant.parse("2026-11-21T10:00:00Z"),
        device,
        "s-1",
        "/pricing",
        "https://example.com/" + pad,
        "DE",
        320,
        Map.of());
  }

  private static Event withId(Event e, String id) {
    return new Event(
        id,
        e.type(),
        e.time(),
        e.deviceId(),
        e.sessionId(),
        e.page(),
        e.referrer(),
        e.country(),
        e.loadMs(),
        e.metrics());
  }
}
