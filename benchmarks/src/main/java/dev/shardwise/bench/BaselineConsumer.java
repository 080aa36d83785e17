package dev.shardwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.consumer.StreamRecord;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The straightforward consumer the benchmark compares against: an {@code ObjectMapper} tree per
 * record, the contract's main checks, {@code HashMap}s and {@code HashSet}s of strings for the
 * window, the state as JSON. The same work as the real one, written the obvious way.
 */
final class BaselineConsumer {
  private final ObjectMapper mapper = new ObjectMapper();

  /** Processes a batch from an empty window state; returns the state as Lambda would carry it. */
  String process(List<StreamRecord> records) {
    Set<String> ids = new HashSet<>();
    Map<String, long[]> cells = new HashMap<>(); // minute|page -> views, loadSum, loadCount, max
    Map<String, Set<String>> cellDevices = new HashMap<>();
    Map<String, Long> deviceEvents = new HashMap<>();
    Map<String, double[]> deviceMetrics = new HashMap<>(); // device|metric -> n, sum, sq, min, max
    long rejects = 0;
    for (StreamRecord r : records) {
      Deaggregated d = KplDecoder.deaggregate(r.data(), r.partitionKey(), null);
      if (!(d instanceof Deaggregated.Records rs)) {
        rejects++;
        continue;
      }
      for (UserRecord u : rs.records()) {
        JsonNode n;
        try {
          n = mapper.readTree(u.data());
        } catch (IOException e) {
          rejects++;
          continue;
        }
        if (n == null
            || n.path("schema").asInt() != 1
            || !n.path("event_id").isTextual()
            || !n.path("device_id").isTextual()
            || !n.path("time").isTextual()) {
          rejects++;
          continue;
        }
        String type = n.path("type").asText();
        Instant time;
        try {
          time = Instant.parse(n.get("time").asText());
        } catch (RuntimeException e) {
          rejects++;
          continue;
        }
        if (!ids.add(n.get("event_id").asText())) {
          continue;
        }
        String device = n.get("device_id").asText();
        deviceEvents.merge(device, 1L, Long::sum);
        if (type.equals("page_view")) {
          String page = n.path("page").asText();
          int q = page.indexOf('?');
          page = q < 0 ? page : page.substring(0, q);
          String key = time.truncatedTo(ChronoUnit.MINUTES) + "|" + page;
          long[] c = cells.computeIfAbsent(key, k -> new long[] {0, 0, 0, -1});
          c[0]++;
          if (n.has("load_ms")) {
            long load = n.get("load_ms").asLong();
            c[1] += load;
            c[2]++;
            c[3] = Math.max(c[3], load);
          }
          cellDevices.computeIfAbsent(key, k -> new HashSet<>()).add(device);
        } else if (type.equals("telemetry")) {
          var fields = n.path("metrics").fields();
          while (fields.hasNext()) {
            var f = fields.next();
            double v = f.getValue().asDouble();
            double[] m =
                deviceMetrics.computeIfAbsent(
                    device + "|" + f.getKey(),
                    k -> new double[] {0, 0, 0, Double.MAX_VALUE, -Double.MAX_VALUE});
            m[0]++;
            m[1] += v;
            m[2] += v * v;
            m[3] = Math.min(m[3], v);
            m[4] = Math.max(m[4], v);
          }
        }
      }
    }
    Map<String, Object> state = new HashMap<>();
    state.put("ids", ids);
    state.put("cells", cells);
    state.put("cellDevices", cellDevices);
    state.put("deviceEvents", deviceEvents);
    state.put("deviceMetrics", deviceMetrics);
    state.put("rejects", rejects);
    try {
      return mapper.writeValueAsString(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
