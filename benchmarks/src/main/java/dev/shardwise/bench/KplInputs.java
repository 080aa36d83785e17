package dev.shardwise.bench;

import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.AggregatedRecord;
import dev.shardwise.core.kpl.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Precomputed inputs of the KPL benchmarks: 250-byte {@code page_view} events of devices whose
 * activity and pages follow Zipf distributions, and KPL aggregates of them. Seeded, so every run
 * measures the same bytes.
 */
final class KplInputs {
  /** Size of every generated event, in bytes. */
  static final int EVENT_BYTES = 250;

  private static final int DEVICES = 10_000;
  private static final int PAGES = 500;

  private KplInputs() {}

  /** {@code count} user records, partition key = device id, data = a 250-byte event. */
  static UserRecord[] userRecords(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Zipf devices = new Zipf(DEVICES, 0.9, random);
    Zipf pages = new Zipf(PAGES, 1.1, random);
    UserRecord[] out = new UserRecord[count];
    for (int i = 0; i < count; i++) {
      String device = String.format("device-%05d", devices.next());
      out[i] = new UserRecord(device, null, event(i, device, pages.next(), random));
    }
    return out;
  }

  /** Aggregates filled up to {@code maxAggregateBytes} with consecutive user records. */
  static AggregatedRecord[] aggregates(int count, int maxAggregateBytes, long seed) {
    int perAggregate = maxAggregateBytes / (EVENT_BYTES + 8) + 1;
    UserRecord[] records = userRecords(count * perAggregate * 2, seed);
    AggregateBuilder builder = new AggregateBuilder(maxAggregateBytes);
    List<AggregatedRecord> out = new ArrayList<>();
    int i = 0;
    while (out.size() < count) {
      if (!builder.tryAdd(records[i])) {
        out.add(builder.build());
        continue;
      }
      i++;
    }
    return out.toArray(new AggregatedRecord[0]);
  }

  private static byte[] event(int n, String device, int page, SplittableRandom random) {
    String json =
        "{\"schema\":1,\"event_id\":\"evt-"
            + String.format("%012d", n)
            + "\",\"type\":\"page_view\",\"time\":\"2026-11-21T10:"
            + String.format(
                "%02d:%02d.%03d", random.nextInt(60), random.nextInt(60), random.nextInt(1000))
            + "Z\",\"device_id\":\""
            + device
            + "\",\"session_id\":\"s-"
            + Long.toHexString(random.nextLong())
            + "\",\"page\":\"/products/"
            + page
            + "\",\"country\":\"DE\",\"load_ms\":"
            + random.nextInt(5000)
            + ",\"referrer\":\"https://example.com/";
    StringBuilder padded = new StringBuilder(json);
    while (padded.length() < EVENT_BYTES - 2) {
      padded.append('x');
    }
    padded.append("\"}");
    byte[] bytes = padded.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length != EVENT_BYTES) {
      throw new IllegalStateException("event is " + bytes.length + " bytes, not " + EVENT_BYTES);
    }
    return bytes;
  }

  /** Zipf-distributed ranks in [0, n), by inverse CDF over precomputed weights. */
  private static final class Zipf {
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
