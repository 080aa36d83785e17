package dev.shardwise.consumer;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.TimeWindow;
import dev.shardwise.consumer.testing.StubAws;
import dev.shardwise.consumer.testing.TestContext;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Cold-start harness: in a fresh JVM, builds the handler the way Lambda does (constructor reading
 * the environment) and processes a first batch of 1,000 records of 250-byte events, then the
 * window's final invocation (the first S3 and Firehose calls). Prints wall times. Firehose and S3
 * are stubs on a loopback port (started first, not counted).
 *
 * <pre>
 * consumer-lambda/cold-start.sh      (builds the shaded jar, runs this with and without C1-only)
 * </pre>
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long mainAt = System.currentTimeMillis();
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    try (StubAws aws = new StubAws()) {
      aws.s3.putObject("shardwise-state", ".keep", new byte[0]);
      Instant start = Instant.parse("2026-11-21T10:15:00Z");
      KinesisTimeWindowEvent first = event(start, records, false);
      KinesisTimeWindowEvent last = event(start, 0, true);

      List<String> logLines = new ArrayList<>();
      TestContext context = new TestContext(logLines);
      long t0 = System.nanoTime();
      ConsumerHandler handler =
          new ConsumerHandler(
              Map.of(
                  "AWS_REGION",
                  "us-east-1",
                  "AWS_ACCESS_KEY_ID",
                  "cold",
                  "AWS_SECRET_ACCESS_KEY",
                  "start",
                  ConsumerConfig.ENDPOINT,
                  aws.endpoint().toString()));
      long t1 = System.nanoTime();
      TimeWindowEventResponse r1 = handler.handleRequest(first, context);
      long t2 = System.nanoTime();
      last.setState(r1.getState());
      TimeWindowEventResponse r2 = handler.handleRequest(last, context);
      long t3 = System.nanoTime();
      TimeWindowEventResponse r3 =
          handler.handleRequest(event(start.plusSeconds(60), records, false), context);
      long t4 = System.nanoTime();

      if (!r1.getBatchItemFailures().isEmpty()
          || !r2.getBatchItemFailures().isEmpty()
          || !r3.getBatchItemFailures().isEmpty()) {
        throw new IllegalStateException("a batch failed: " + r1 + " " + r2);
      }
      System.err.flush();
      System.out.printf(
          "cold start (%d records): JVM start to main %d ms; handler constructed in %.0f ms;"
              + " first batch %.0f ms; first window close (S3 + Firehose) %.0f ms;"
              + " constructor + first batch %.0f ms; a warm batch %.1f ms;"
              + " page view rows delivered %d%n",
          records,
          mainAt - jvmStart,
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          (t3 - t2) / 1e6,
          (t2 - t0) / 1e6,
          (t4 - t3) / 1e6,
          aws.firehose.accepted("shardwise-page-views").size());
    }
  }

  private static KinesisTimeWindowEvent event(Instant start, int n, boolean last) {
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(n);
    BigInteger seq =
        new BigInteger("49590338271490256608559692538361571095921575989136588898")
            .add(BigInteger.valueOf(start.getEpochSecond() * 100_000));
    for (int i = 0; i < n; i++) {
      seq = seq.add(BigInteger.TEN);
      String json =
          String.format(
              "{\"schema\":1,\"event_id\":\"cold-%d-%06d\",\"type\":\"page_view\","
                  + "\"time\":\"%s\",\"device_id\":\"device-%04d\",\"page\":\"/catalog/item-%d\","
                  + "\"country\":\"DE\",\"load_ms\":%d,\"referrer\":\"https://example.com/",
              start.getEpochSecond(),
              i,
              start.plusMillis(i * 37L),
              i % 300,
              i % 120,
              100 + i % 900);
      StringBuilder s = new StringBuilder(json);
      while (s.length() < 248) {
        s.append('x');
      }
      s.append("\"}");
      KinesisEvent.Record k = new KinesisEvent.Record();
      k.setSequenceNumber(seq.toString());
      k.setPartitionKey("device-" + (i % 300));
      k.setApproximateArrivalTimestamp(Date.from(start.plusSeconds(20)));
      k.setData(ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8)));
      k.setKinesisSchemaVersion("1.0");
      KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
      r.setKinesis(k);
      r.setEventSource("aws:kinesis");
      r.setEventSourceARN("arn:aws:kinesis:us-east-1:123456789012:stream/shardwise-events");
      records.add(r);
    }
    KinesisTimeWindowEvent e = new KinesisTimeWindowEvent();
    e.setRecords(records);
    e.setWindow(new TimeWindow(start.toString(), start.plusSeconds(60).toString()));
    e.setShardId("shardId-000000000000");
    e.setEventSourceArn("arn:aws:kinesis:us-east-1:123456789012:stream/shardwise-events");
    e.setState(Map.of());
    e.setIsFinalInvokeForWindow(last);
    e.setIsWindowTerminatedEarly(false);
    return e;
  }
}
