package dev.shardwise.consumer;

import static dev.shardwise.consumer.testing.Harness.ANOMALIES;
import static dev.shardwise.consumer.testing.Harness.PAGE_VIEWS;
import static dev.shardwise.consumer.testing.Harness.REJECTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shardwise.consumer.testing.CountingDetector;
import dev.shardwise.consumer.testing.Harness;
import dev.shardwise.consumer.testing.Records;
import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.window.EventFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The delivery promise as properties: however Lambda splits windows into batches, and whatever
 * invocations fail and are retried (Firehose partial failures, the store unavailable), the rows
 * emitted are those of an undisturbed run (every row id always with the same values), views add up
 * to the distinct page views within the dedup horizon, and every poison record is rejected while
 * the records after it are processed.
 */
class ProcessorPropertiesIT {
  private static final Instant W0 = Instant.parse("2026-11-21T10:15:00Z");
  private static final String[] PAGES = {"/", "/home", "/cart", "/p/1", "/p/2", "/search"};

  /** One Kinesis record of a scenario and what it holds. */
  private record Item(dev.shardwise.consumer.StreamRecord record, List<Event> events, int poison) {}

  /** Windows of records, built from a seed. */
  private static List<List<Item>> scenario(long seed, int windows, int recordsPerWindow) {
    SplittableRandom r = new SplittableRandom(seed);
    List<List<Item>> out = new ArrayList<>();
    int nextId = 0;
    List<String> recentIds = new ArrayList<>();
    Records records = new Records(W0.plusSeconds(1));
    for (int w = 0; w < windows; w++) {
      Instant start = W0.plusSeconds(60L * w);
      List<Item> items = new ArrayList<>();
      int n = 1 + r.nextInt(recordsPerWindow);
      for (int i = 0; i < n; i++) {
        records.arriving(start.plusMillis(r.nextInt(59_000)));
        int kind = r.nextInt(10);
        if (kind == 0) {
          items.add(
              new Item(
                  records.raw("d" + r.nextInt(5), "{\"schema\":1,\"type\":" + i), List.of(), 1));
          continue;
        }
        int count = kind == 1 ? 2 + r.nextInt(4) : 1;
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < count; k++) {
          String id =
              !recentIds.isEmpty() && r.nextInt(5) == 0
                  ? recentIds.get(r.nextInt(recentIds.size()))
                  : "e-" + seed % 1000 + "-" + nextId++;
          recentIds.add(id);
          Instant time = start.minusSeconds(90).plusMillis(r.nextInt(149_000));
          String device = "device-" + r.nextInt(6);
          events.add(
              r.nextInt(4) == 0
                  ? Records.telemetry(id, device, time, Map.of("temp_c", (double) r.nextInt(40)))
                  : Records.view(
                      id,
                      device,
                      PAGES[r.nextInt(PAGES.length)],
                      time,
                      r.nextInt(3) == 0 ? -1 : r.nextInt(5000)));
        }
        items.add(
            new Item(
                count == 1 ? records.event(events.get(0)) : records.aggregate(events), events, 0));
      }
      out.add(items);
    }
    return out;
  }

  /** Runs the windows as Lambda would, with batch sizes and retries drawn from {@code r}. */
  private static void drive(Harness h, List<List<Item>> windows, SplittableRandom r, int maxBatch) {
    for (int w = 0; w < windows.size(); w++) {
      List<dev.shardwise.consumer.StreamRecord> recs =
          windows.get(w).stream().map(Item::record).toList();
      Instant start = W0.plusSeconds(60L * w);
      Map<String, String> state = Map.of();
      int pos = 0;
      int guard = 0;
      while (guard++ < 10_000) {
        int end =
            maxBatch == 0 ? recs.size() : Math.min(recs.size(), pos + 1 + r.nextInt(maxBatch));
        boolean fin = end == recs.size();
        BatchResult result;
        try {
          result = h.process(Harness.batch(start, state, recs.subList(pos, end), fin, false));
        } catch (TransientFailureException e) {
          continue; // Lambda retries the same invocation
        }
        if (result.failedSequenceNumber().isPresent()) {
          String failed = result.failedSequenceNumber().get();
          pos = indexOf(recs, failed);
          state = result.state();
          continue;
        }
        state = result.state();
        pos = end;
        if (fin) {
          break;
        }
      }
      assertThat(guard).isLessThan(10_000);
    }
  }

  private static int indexOf(List<dev.shardwise.consumer.StreamRecord> recs, String seq) {
    for (int i = 0; i < recs.size(); i++) {
      if (recs.get(i).sequenceNumber().equals(seq)) {
        return i;
      }
    }
    throw new AssertionError("reported sequence number is not in the batch: " + seq);
  }

  /** Row id to row JSON; fails if one id was emitted with two different rows. */
  private static Map<String, String> distinct(Harness h, String stream) {
    Map<String, String> byId = new TreeMap<>();
    for (JsonNode row : h.rows(stream)) {
      String id = row.get("row_id").asText();
      String previous = byId.put(id, row.toString());
      assertThat(previous == null || previous.equals(row.toString()))
          .as("row %s emitted with different values:%n%s%n%s", id, previous, row)
          .isTrue();
    }
    return byId;
  }

  /**
   * Page views the window model counts: an event counts unless its id was counted already in its
   * window or in the window before.
   */
  private static long expectedViews(List<List<Item>> windows) {
    long views = 0;
    Set<String> previous = Set.of();
    for (List<Item> window : windows) {
      Set<String> counted = new HashSet<>();
      for (Item item : window) {
        for (Event e : item.events()) {
          if (!previous.contains(e.eventId())
              && counted.add(e.eventId())
              && e.type() == EventType.PAGE_VIEW) {
            views++;
          }
        }
      }
      previous = counted;
    }
    return views;
  }

  @Property(tries = 60)
  void anySplitAndAnyRetries_emitTheRowsOfAnUndisturbedRun(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int windows,
      @ForAll @IntRange(min = 1, max = 12) int maxBatch,
      @ForAll @DoubleRange(min = 0.0, max = 0.5) double faultRate) {
    List<List<Item>> scenario = scenario(seed, windows, 25);
    Harness reference = new Harness(Map.of(), List.of(new CountingDetector()));
    drive(reference, scenario, new SplittableRandom(seed), 0);

    Harness disturbed = new Harness(Map.of(), List.of(new CountingDetector()));
    SplittableRandom faults = new SplittableRandom(seed ^ 0x5DEECE66DL);
    disturbed.sink.failWhen(
        (stream, n) -> faults.nextDouble() < faultRate ? faults.nextInt(n) : -1);
    disturbed.store.unavailableWhen(() -> faults.nextDouble() < faultRate / 2);
    drive(disturbed, scenario, new SplittableRandom(seed + 1), maxBatch);

    for (String stream : List.of(PAGE_VIEWS, ANOMALIES, REJECTS)) {
      assertThat(distinct(disturbed, stream)).as(stream).isEqualTo(distinct(reference, stream));
    }
    long poison = scenario.stream().flatMap(List::stream).mapToInt(Item::poison).sum();
    assertThat(distinct(disturbed, REJECTS)).hasSize((int) poison);
    assertThat(disturbed.distinctViews()).isEqualTo(expectedViews(scenario));
  }

  @Property(tries = 15)
  void budgetClosesAreTheSameHoweverTheWindowIsSplit(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int maxBatch) {
    SplittableRandom r = new SplittableRandom(seed);
    Records records = new Records(W0.plusSeconds(2));
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String device = Long.toHexString(EventFingerprint.of("d" + r.nextInt(400)));
      String page = Long.toHexString(EventFingerprint.of("p" + r.nextInt(500)));
      Event e =
          Records.view(
              "b-" + i + "-" + r.nextInt(3),
              "device-" + device,
              "/page/" + page,
              W0.plusSeconds(r.nextInt(50)),
              r.nextInt(1000));
      items.add(new Item(records.event(e), List.of(e), 0));
    }
    Map<String, String> small = Map.of(ConsumerConfig.STATE_BUDGET_CHARS, "16384");
    Harness whole = new Harness(small, List.of(new CountingDetector()));
    drive(whole, List.of(items), r, 0);
    Harness split = new Harness(small, List.of(new CountingDetector()));
    drive(split, List.of(items), new SplittableRandom(seed), maxBatch);

    Map<String, String> rows = distinct(split, PAGE_VIEWS);
    assertThat(rows).isEqualTo(distinct(whole, PAGE_VIEWS));
    assertThat(distinct(split, ANOMALIES)).isEqualTo(distinct(whole, ANOMALIES));
    assertThat(
            rows.values().stream()
                .map(v -> Harness.parse(v).get("segment").asText())
                .distinct()
                .count())
        .isGreaterThan(1);
    assertThat(split.distinctViews()).isEqualTo(expectedViews(List.of(items)));
  }
}
