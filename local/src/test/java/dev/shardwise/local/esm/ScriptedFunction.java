package dev.shardwise.local.esm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test function with a tumbling window: counts the records of each window in its state ({@code
 * count}) and records every invocation. Records whose data is in {@code throwOn} make it throw,
 * {@code reportOn} makes it report the first such record as a batch item failure (returning the
 * state after the records before it), {@code sleepOn} makes it sleep past any timeout.
 */
public final class ScriptedFunction
    implements RequestHandler<KinesisTimeWindowEvent, TimeWindowEventResponse> {

  /** One invocation as the function saw it. */
  public record Call(
      String shardId,
      List<String> data,
      String windowStart,
      String windowEnd,
      Map<String, String> state,
      boolean isFinal,
      boolean terminatedEarly,
      String outcome) {}

  /** What the script does; shared by the instances one factory creates. */
  public static final class Script {
    final Set<String> throwOn;
    final Set<String> reportOn;
    final Set<String> sleepOn;
    final boolean omitState;

    /** Records whose data is here make the returned state larger than 1 MB. */
    public final Set<String> padOn = new java.util.concurrent.CopyOnWriteArraySet<>();

    public final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Totals the final invocations saw, per window start. */
    public final List<String> closedWindows = new CopyOnWriteArrayList<>();

    public final List<String> logLinesWritten = new CopyOnWriteArrayList<>();

    public Script(
        Set<String> throwOn, Set<String> reportOn, Set<String> sleepOn, boolean omitState) {
      this.throwOn = throwOn;
      this.reportOn = reportOn;
      this.sleepOn = sleepOn;
      this.omitState = omitState;
    }

    public static Script clean() {
      return new Script(Set.of(), Set.of(), Set.of(), false);
    }

    /**
     * The data of every record in a non-final invocation that succeeded, fully or up to a failure.
     */
    public List<List<String>> batches() {
      List<List<String>> out = new ArrayList<>();
      for (Call c : calls) {
        if (!c.isFinal()) {
          out.add(c.data());
        }
      }
      return out;
    }
  }

  private final Script script;

  public ScriptedFunction(Script script) {
    this.script = script;
  }

  @Override
  public TimeWindowEventResponse handleRequest(KinesisTimeWindowEvent event, Context context) {
    List<String> data = new ArrayList<>();
    for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
      data.add(StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString());
    }
    Map<String, String> in = event.getState() == null ? Map.of() : Map.copyOf(event.getState());
    long count = Long.parseLong(in.getOrDefault("count", "0"));
    boolean fin = Boolean.TRUE.equals(event.getIsFinalInvokeForWindow());
    String outcome = "ok";
    try {
      for (String d : data) {
        if (script.sleepOn.contains(d)) {
          outcome = "sleep";
          Thread.sleep(60_000);
        }
        if (script.throwOn.contains(d)) {
          outcome = "throw";
          throw new IllegalStateException("poison " + d);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      script.calls.add(
          new Call(
              event.getShardId(),
              List.copyOf(data),
              event.getWindow().getStart(),
              event.getWindow().getEnd(),
              in,
              fin,
              Boolean.TRUE.equals(event.getIsWindowTerminatedEarly()),
              outcome));
    }
    context.getLogger().log("invoked " + data.size() + "\n");
    List<TimeWindowEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
      String d = StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString();
      if (script.reportOn.contains(d)) {
        failures.add(
            new TimeWindowEventResponse.BatchItemFailure(r.getKinesis().getSequenceNumber()));
        break;
      }
      count++;
    }
    if (fin) {
      script.closedWindows.add(event.getWindow().getStart() + "=" + count);
    }
    Map<String, String> out = new HashMap<>();
    out.put("count", Long.toString(fin ? 0 : count));
    if (!fin && data.stream().anyMatch(script.padOn::contains)) {
      out.put("pad", "x".repeat(1_100_000));
    }
    return new TimeWindowEventResponse(script.omitState ? null : out, failures);
  }
}
