package dev.shardwise.bench;

import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.AggregatedRecord;
import dev.shardwise.core.kpl.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Precomputed, seeded inputs of the consumer benchmarks: one shard's window of 250-byte events (80
 * % page views with Zipf pages over 10,000 paths, 10 % clicks, 10 % telemetry), 2,000 devices,
 * event times within the window's last two minutes, as Kinesis records (plain JSON or KPL
 * aggregates of at most 50 KiB, the KPL default) or as {@link Event}s.
 */
final class ConsumerInputs {
  static final Instant WINDOW_START = Instant.parse("2026-11-21T10:15:00Z");
  static final Instant WINDOW_END = WINDOW_START.plusSeconds(60);
  static final int EVENT_BYTES = 250;
  static final int PAGES = 10_000;
  static final int DEVICES = 2_000;

  private ConsumerInputs() {}

  /** {@code count} events as JSON, each exactly 250 bytes. */
  static byte[][] eventJson(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Zipf pages = new Zipf(PAGES, 1.0, random);
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = json(i, random, pages);
    }
    return out;
  }

  private static byte[] json(int n, SplittableRandom random, Zipf pages) {
    String device = String.format("device-%05d", random.nextInt(DEVICES));
    String time =
        String.format(
            "2026-11-21T10:%02d:%02d.%03dZ",
            14 + random.nextInt(2), random.nextInt(60), random.nextInt(1000));
    int kind = random.nextInt(10);
    StringBuilder s = new StringBuilder(EVENT_BYTES);
    s.append("{\"schema\":1,\"event_id\":\"evt-").append(String.format("%012d", n));
    if (kind < 9) {
      s.append("\",\"type\":\"").append(kind < 8 ? "page_view" : "click");
      s.append("\",\"time\":\"").append(time).append("\",\"device_id\":\"").append(device);
      s.append("\",\"page\":\"/catalog/item-").append(pages.next());
      s.append("\",\"country\":\"DE\",\"load_ms\":").append(random.nextInt(5000));
    } else {
      s.append("\",\"type\":\"telemetry\",\"time\":\"").append(time);
      s.append("\",\"device_id\":\"").append(device);
      s.append("\",\"metrics\":{\"battery_pct\":").append(random.nextInt(101));
      s.append(",\"temp_c\":").append(20 + random.nextInt(150) / 10.0);
      s.append(",\"rssi_dbm\":").append(-30 - random.nextInt(60)).append('}');
    }
    s.append(",\"referrer\":\"https://example.com/");
    while (s.length() < EVENT_BYTES - 2) {
      s.append('x');
    }
    s.append("\"}");
    byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length != EVENT_BYTES) {
      throw new IllegalStateException("event is " + bytes.length + " bytes");
    }
    return bytes;
  }

  /**
   * The events with {@code percent} % of them (every record with probability {@code percent}/100,
   * seeded) replaced by a byte-identical copy of an earlier one of the last 1,000, as a producer's
   * retry would send it.
   */
  static byte[][] withCopies(byte[][] events, int percent, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] out = events.clone();
    for (int i = 1; i < out.length; i++) {
      if (random.nextInt(100) < percent) {
        out[i] = out[i - 1 - random.nextInt(Math.min(i, 1000))].clone();
      }
    }
    return out;
  }

  /** One Kinesis record per event. */
  static List<StreamRecord> plainRecords(byte[][] events) {
    List<StreamRecord> out = new ArrayList<>(events.length);
    BigInteger seq = new BigInteger("49590338271490256608559692538361571095921575989136588898");
    Instant arrival = WINDOW_START.plusSeconds(30);
    for (byte[] e : events) {
      seq = seq.add(BigInteger.TEN);
      out.add(new StreamRecord(seq.toString(), "pk", arrival, e));
    }
    return out;
  }

  /** KPL aggregates of at most 50 KiB holding the events in order. */
  static List<StreamRecord> kplRecords(byte[][] events) {
    List<StreamRecord> out = new ArrayList<>();
    BigInteger seq = new BigInteger("49590338271490256608559692538361571095921575989136588898");
    Instant arrival = WINDOW_START.plusSeconds(30);
    AggregateBuilder b = new AggregateBuilder(50 * 1024);
    int i = 0;
    while (i < events.length) {
      if (b.tryAdd(new UserRecord("device", null, events[i]))) {
        i++;
        continue;
      }
      AggregatedRecord a = b.build();
      seq = seq.add(BigInteger.TEN);
      out.add(new StreamRecord(seq.toString(), a.partitionKey(), arrival, a.data()));
    }
    if (!b.isEmpty()) {
      AggregatedRecord a = b.build();
      out.add(
          new StreamRecord(
              seq.add(BigInteger.TEN).toString(), a.partitionKey(), arrival, a.data()));
    }
    return out;
  }

  /** {@code count} events of the same mix as objects, for state benchmarks. */
  static List<Event> events(int count, int pageCount, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Zipf pages = new Zipf(pageCount, 1.0, random);
    List<Event> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String device = String.format("device-%05d", random.nextInt(DEVICES));
      Instant time = WINDOW_START.minusSeconds(60).plusMillis(random.nextInt(120_000));
      int kind = random.nextInt(10);
      String page = "/catalog/item-" + (i < pageCount ? i : pages.next());
      if (kind < 9) {
        out.add(
            new Event(
                "evt-" + String.format("%012d", i),
                kind < 8 ? EventType.PAGE_VIEW : EventType.CLICK,
                time,
                device,
                null,
                page,
                null,
                "DE",
                random.nextInt(5000),
                null));
      } else {
        out.add(
            new Event(
                "evt-" + String.format("%012d", i),
                EventType.TELEMETRY,
                time,
                device,
                null,
                null,
                null,
                null,
                Event.NO_LOAD_MS,
                java.util.Map.of(
                    "battery_pct", (double) random.nextInt(101),
                    "temp_c", 20 + random.nextInt(150) / 10.0,
                    "rssi_dbm", (double) (-30 - random.nextInt(60)))));
      }
    }
    return out;
  }

  /** Zipf-distributed ranks in [0, n), by inverse CDF. */
  static final class Zipf {
    private final double[] cdf;
    private final SplittableRandom random;

    Zipf(int n, double exponent, SplittableRandom random) {
      this.random = random;
      cdf = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += 1 / Math.pow(k + 1, exponent);
        cdf[k] = sum;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= sum;
      }
    }

    int next() {
      int at = java.util.Arrays.binarySearch(cdf, random.nextDouble());
      return Math.min(at >= 0 ? at : -at - 1, cdf.length - 1);
    }
  }
}
