package dev.shardwise.local.esm;

import dev.shardwise.local.esm.internal.PolledRecord;
import dev.shardwise.local.esm.internal.ShardSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A shard in memory for poller unit tests: records appended by the test, read in order. */
final class InMemoryShard implements ShardSource {
  final List<PolledRecord> records = new ArrayList<>();
  boolean closed;
  int position;
  Position started;
  int fetches;

  /** Appends a record with data {@code data} that arrived at {@code arrival}. */
  PolledRecord put(String data, String partitionKey, Instant arrival) {
    PolledRecord r =
        new PolledRecord(
            seq(records.size()), partitionKey, data.getBytes(StandardCharsets.UTF_8), arrival);
    records.add(r);
    return r;
  }

  static String seq(int i) {
    return Long.toString(49_600_000_000_000L + i);
  }

  @Override
  public void start(Position p) {
    started = p;
    if (p instanceof After a) {
      position = 0;
      while (position < records.size()
          && PolledRecord.compareSequence(
                  records.get(position).sequenceNumber(), a.sequenceNumber())
              <= 0) {
        position++;
      }
    } else if (p instanceof Latest) {
      position = records.size();
    } else if (p instanceof AtTimestamp t) {
      position = 0;
      while (position < records.size() && records.get(position).arrival().isBefore(t.timestamp())) {
        position++;
      }
    } else {
      position = 0;
    }
  }

  @Override
  public Fetch fetch(int limit) {
    fetches++;
    int end = Math.min(records.size(), position + limit);
    List<PolledRecord> out = new ArrayList<>(records.subList(position, end));
    position = end;
    boolean behind = position < records.size();
    return new Fetch(out, behind ? 1000 : 0, closed && !behind);
  }
}
