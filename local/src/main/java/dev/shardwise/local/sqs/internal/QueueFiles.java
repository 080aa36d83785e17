package dev.shardwise.local.sqs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues' file {@code queues.json} in the SQS state directory: every queue with its messages,
 * rewritten atomically (temporary file, then rename).
 */
public final class QueueFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final Path file;

  public QueueFiles(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("queues.json");
  }

  public List<Queue> load() throws IOException {
    List<Queue> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not readable JSON: " + e.getMessage(), e);
    }
    for (JsonNode q : root.path("queues")) {
      Map<String, String> stored = new LinkedHashMap<>();
      q.path("attributes")
          .fields()
          .forEachRemaining(e -> stored.put(e.getKey(), e.getValue().asText()));
      if (!q.has("attributes") && q.has("visibilityTimeout")) {
        stored.put("VisibilityTimeout", q.path("visibilityTimeout").asText()); // older files
      }
      QueueAttributes attributes;
      try {
        // the dead-letter target was checked when the policy was set
        attributes = QueueAttributes.DEFAULTS.with(stored, name -> true);
      } catch (AwsServiceException e) {
        throw new IOException(
            file + ": queue " + q.path("name").asText() + ": " + e.getMessage(), e);
      }
      Instant created = Instant.ofEpochMilli(q.path("created").asLong());
      Queue queue =
          new Queue(
              q.path("name").asText(),
              created,
              attributes,
              q.has("lastModified")
                  ? Instant.ofEpochMilli(q.path("lastModified").asLong())
                  : created);
      for (JsonNode m : q.path("messages")) {
        queue.restore(
            m.path("id").asText(),
            m.path("body").asText(),
            Instant.ofEpochMilli(m.path("sent").asLong()),
            Instant.ofEpochMilli(m.path("visibleAt").asLong()),
            m.path("receiveCount").asInt(),
            m.hasNonNull("firstReceive")
                ? Instant.ofEpochMilli(m.path("firstReceive").asLong())
                : null);
      }
      out.add(queue);
    }
    return out;
  }

  public void save(Collection<Queue> queues) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode qs = root.putArray("queues");
    for (Queue q : queues) {
      ObjectNode n = qs.addObject();
      n.put("name", q.name());
      n.put("created", q.created().toEpochMilli());
      n.put("lastModified", q.lastModified().toEpochMilli());
      ObjectNode attributes = n.putObject("attributes");
      q.attributes().asStrings().forEach(attributes::put);
      ArrayNode ms = n.putArray("messages");
      for (Queue.Message m : q.snapshot().values()) {
        ObjectNode mn = ms.addObject();
        mn.put("id", m.id());
        mn.put("body", m.body());
        mn.put("sent", m.sent().toEpochMilli());
        mn.put("visibleAt", m.visibleAt().toEpochMilli());
        mn.put("receiveCount", m.receiveCount());
        if (m.firstReceive() != null) {
          mn.put("firstReceive", m.firstReceive().toEpochMilli());
        }
      }
    }
    try {
      Files.createDirectories(dir);
      Path tmp = file.resolveSibling("queues.json.tmp");
      Files.write(tmp, JSON.writeValueAsBytes(root));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
