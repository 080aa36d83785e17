package dev.shardwise.local.metrics.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.metrics.Aggregate;
import dev.shardwise.local.metrics.MetricKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric store on disk: {@code datapoints.jsonl}, one line per (metric, minute) with the
 * samples added since the previous flush. Append-only; lines for the same metric and minute are
 * merged on read, so a late datapoint for an old minute is simply one more line.
 */
public final class MetricArchive {
  private static final Logger log = LoggerFactory.getLogger(MetricArchive.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();
  static final String FILE = "datapoints.jsonl";

  private final Path directory;

  public MetricArchive(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Receives one stored (metric, minute) line. */
  @FunctionalInterface
  public interface Visitor {
    void visit(MetricKey key, String unit, long epochMinute, Aggregate samples);
  }

  public void append(Map<MetricKey, Map<Long, Aggregate>> deltas, Map<MetricKey, String> units)
      throws IOException {
    Files.createDirectories(directory);
    StringWriter buf = new StringWriter();
    for (Map.Entry<MetricKey, Map<Long, Aggregate>> e : deltas.entrySet()) {
      for (Map.Entry<Long, Aggregate> m : new TreeMap<>(e.getValue()).entrySet()) {
        line(buf, e.getKey(), units.get(e.getKey()), m.getKey(), m.getValue());
      }
    }
    Files.writeString(
        directory.resolve(FILE),
        buf.toString(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void line(Writer out, MetricKey k, String unit, long minute, Aggregate a)
      throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.writeStartObject();
    g.writeStringField("ns", k.namespace());
    g.writeStringField("name", k.name());
    g.writeObjectFieldStart("dims");
    for (Map.Entry<String, String> d : k.dimensions().entrySet()) {
      g.writeStringField(d.getKey(), d.getValue());
    }
    g.writeEndObject();
    g.writeStringField("unit", unit);
    g.writeNumberField("minute", minute);
    g.writeArrayFieldStart("values");
    for (Map.Entry<Double, Long> v : a.distribution().entrySet()) {
      g.writeStartArray();
      g.writeNumber(v.getKey());
      g.writeNumber(v.getValue());
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeNumberField("sum", a.sum());
    g.writeNumberField("min", a.min());
    g.writeNumberField("max", a.max());
    g.writeBooleanField("exact", a.exact());
    g.writeEndObject();
    g.flush();
    out.write('\n');
  }

  /** Reads every line; a damaged line (a crash mid-write) is skipped with a warning. */
  public void read(Visitor visitor) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    int bad = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          Map<String, String> dims = new TreeMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = n.get("dims").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            dims.put(d.getKey(), d.getValue().asText());
          }
          Map<Double, Long> dist = new TreeMap<>();
          for (JsonNode v : n.get("values")) {
            dist.merge(v.get(0).asDouble(), v.get(1).asLong(), Long::sum);
          }
          Aggregate a =
              Aggregate.restored(
                  dist,
                  n.get("sum").asDouble(),
                  n.get("min").asDouble(),
                  n.get("max").asDouble(),
                  n.path("exact").asBoolean(true));
          visitor.visit(
              MetricKey.of(n.get("ns").asText(), n.get("name").asText(), dims),
              n.get("unit").asText(),
              n.get("minute").asLong(),
              a);
        } catch (IOException | RuntimeException e) {
          bad++;
        }
      }
    }
    if (bad > 0) {
      log.warn("skipped {} damaged lines in {}", bad, file);
    }
  }
}
