package dev.shardwise.athena.internal;

import dev.shardwise.athena.CatalogException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header comment of a catalogue {@code .sql} file: leading {@code -- key: value} lines, a value
 * continued on following {@code --} lines indented by at least two spaces. A key may repeat ({@code
 * param}).
 */
public final class SqlHeader {
  private final Map<String, List<String>> entries;

  private SqlHeader(Map<String, List<String>> entries) {
    this.entries = entries;
  }

  public static SqlHeader parse(String resource, String sql) {
    Map<String, List<String>> entries = new LinkedHashMap<>();
    String lastKey = null;
    for (String raw : sql.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("--")) {
        break;
      }
      String body = raw.strip().substring(2);
      int colon = body.indexOf(':');
      boolean continuation = body.startsWith("   ") || body.startsWith("\t");
      if (continuation && lastKey != null) {
        List<String> values = entries.get(lastKey);
        int last = values.size() - 1;
        values.set(last, values.get(last) + " " + body.strip());
      } else if (colon > 0 && body.substring(0, colon).strip().matches("[a-z_]+")) {
        lastKey = body.substring(0, colon).strip();
        entries
            .computeIfAbsent(lastKey, k -> new ArrayList<>())
            .add(body.substring(colon + 1).strip());
      } else {
        lastKey = null; // free comment text
      }
    }
    return new SqlHeader(entries);
  }

  /** The single value of a key. */
  public String required(String resource, String key) {
    List<String> values = entries.get(key);
    if (values == null || values.isEmpty() || values.get(0).isBlank()) {
      throw new CatalogException(resource + ": header needs '-- " + key + ": ...'");
    }
    if (values.size() > 1) {
      throw new CatalogException(resource + ": header sets '" + key + "' twice");
    }
    return values.get(0);
  }

  public List<String> all(String key) {
    return List.copyOf(entries.getOrDefault(key, List.of()));
  }
}
