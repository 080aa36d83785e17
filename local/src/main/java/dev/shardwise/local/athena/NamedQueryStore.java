package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saved queries (CreateNamedQuery), persisted as JSON in {@code
 * <data-dir>/.athena/named-queries.json}. Thread-safe.
 */
final class NamedQueryStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Saved(
      String id,
      String name,
      String description,
      String database,
      String query,
      String workGroup) {}

  private final Path file;
  private final Map<String, Saved> byId = new LinkedHashMap<>();

  NamedQueryStore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        for (JsonNode n : JSON.readTree(file.toFile())) {
          Saved s =
              new Saved(
                  n.path("id").asText(),
                  n.path("name").asText(),
                  n.hasNonNull("description") ? n.get("description").asText() : null,
                  n.path("database").asText(),
                  n.path("query").asText(),
                  n.path("workGroup").asText());
          byId.put(s.id(), s);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  synchronized void put(Saved saved) {
    byId.put(saved.id(), saved);
    save();
  }

  synchronized Optional<Saved> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  synchronized Optional<Saved> byName(String name, String workGroup) {
    return byId.values().stream()
        .filter(s -> s.name().equals(name) && s.workGroup().equals(workGroup))
        .findFirst();
  }

  synchronized List<String> ids(String workGroup) {
    List<String> out = new ArrayList<>();
    byId.values().stream()
        .filter(s -> s.workGroup().equals(workGroup))
        .forEach(s -> out.add(s.id()));
    return out;
  }

  private void save() {
    ArrayNode root = JSON.createArrayNode();
    for (Saved s : byId.values()) {
      root.addObject()
          .put("id", s.id())
          .put("name", s.name())
          .put("description", s.description())
          .put("database", s.database())
          .put("query", s.query())
          .put("workGroup", s.workGroup());
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + file, e);
    }
  }
}
