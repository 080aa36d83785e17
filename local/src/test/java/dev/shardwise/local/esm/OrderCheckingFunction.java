package dev.shardwise.local.esm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function without a tumbling window whose records carry {@code <key>:<n>} with {@code n}
 * counting up per partition key: it asserts every key's records arrive in order, exactly once, and
 * measures how many invocations overlap.
 */
public final class OrderCheckingFunction
    implements RequestHandler<KinesisEvent, StreamsEventResponse> {

  /** Shared by every instance (one per execution environment). */
  public static final class Observed {
    public final Map<String, Integer> last = new ConcurrentHashMap<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger maxRunning = new AtomicInteger();
    public final AtomicInteger records = new AtomicInteger();
  }

  private final Observed seen;

  public OrderCheckingFunction(Observed seen) {
    this.seen = seen;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    int now = seen.running.incrementAndGet();
    seen.maxRunning.accumulateAndGet(now, Math::max);
    try {
      for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
        String d = StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString();
        String key = d.substring(0, d.indexOf(':'));
        int n = Integer.parseInt(d.substring(d.indexOf(':') + 1));
        if (!key.equals(r.getKinesis().getPartitionKey())) {
          seen.violations.add(d + " came with partition key " + r.getKinesis().getPartitionKey());
        }
        Integer before = seen.last.put(key, n);
        int expected = before == null ? 0 : before + 1;
        if (n != expected) {
          seen.violations.add(key + ": got " + n + " after " + before);
        }
        seen.records.incrementAndGet();
      }
      Thread.sleep(15);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      seen.running.decrementAndGet();
    }
    return new StreamsEventResponse();
  }
}
