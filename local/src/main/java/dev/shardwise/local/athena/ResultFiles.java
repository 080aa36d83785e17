package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.athena.ResultSink.ColumnMeta;
import dev.shardwise.local.s3.ObjectStore;
import dev.shardwise.local.s3.ObjectStore.ObjectAttributes;
import dev.shardwise.local.s3.ObjectStore.Precondition;
import dev.shardwise.local.s3.S3Exception;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Query results as Athena writes them to the output location: {@code <id>.csv} for queries (a
 * header row, every value in double quotes, NULL as an empty unquoted field) with {@code
 * <id>.csv.metadata} beside it (JSON here; Athena's own is a binary format nobody else reads), and
 * {@code <id>.txt} for DDL and SHOW statements. GetQueryResults pages through the same file.
 */
final class ResultFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final Path tmpDir;

  ResultFiles(ObjectStore store, Path tmpDir) {
    this.store = store;
    this.tmpDir = tmpDir;
  }

  /** Where a result lives. */
  record Location(String bucket, String key) {
    String uri() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /** The result location of a query under an output location. */
  static Location locate(String outputLocation, String queryId, String statementType) {
    String rest = outputLocation.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix += "/";
    }
    return new Location(bucket, prefix + queryId + ("DML".equals(statementType) ? ".csv" : ".txt"));
  }

  /** A sink writing the result file; {@link ResultWriter#store} puts it into the bucket. */
  ResultWriter writer(Location location, String statementType) throws IOException {
    Files.createDirectories(tmpDir);
    Path tmp = Files.createTempFile(tmpDir, "result-", ".tmp");
    return new ResultWriter(location, statementType, tmp);
  }

  final class ResultWriter implements ResultSink, AutoCloseable {
    private final Location location;
    private final boolean csv;
    private final Path tmp;
    private final Writer out;
    private List<ColumnMeta> columns = List.of();
    private long rows;

    private ResultWriter(Location location, String statementType, Path tmp) throws IOException {
      this.location = location;
      this.csv = "DML".equals(statementType);
      this.tmp = tmp;
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void columns(List<ColumnMeta> cols) throws IOException {
      this.columns = List.copyOf(cols);
      if (csv && !cols.isEmpty()) {
        String[] header = cols.stream().map(ColumnMeta::name).toArray(String[]::new);
        writeCsv(header);
      }
    }

    @Override
    public void row(String[] values) throws IOException {
      rows++;
      if (csv) {
        writeCsv(values);
      } else {
        out.write(String.join("\t", values));
        out.write('\n');
      }
    }

    List<ColumnMeta> columnsWritten() {
      return columns;
    }

    long rowsWritten() {
      return rows;
    }

    /** Puts the file (and for queries its metadata) into the output location. */
    void store() throws IOException {
      out.close();
      try {
        store.ensureBucket(location.bucket());
        try (InputStream in = Files.newInputStream(tmp)) {
          store.put(
              location.bucket(),
              location.key(),
              in,
              new ObjectAttributes(csv ? "text/csv" : "text/plain", Map.of()),
              Precondition.NONE);
        }
        if (csv) {
          ObjectNode meta = JSON.createObjectNode();
          meta.put("rows", rows);
          ArrayNode cols = meta.putArray("columns");
          columns.forEach(
              c ->
                  cols.addObject()
                      .put("name", c.name())
                      .put("type", c.type())
                      .put("precision", c.precision())
                      .put("scale", c.scale()));
          store.put(
              location.bucket(),
              location.key() + ".metadata",
              new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(meta)),
              new ObjectAttributes("application/json", Map.of()),
              Precondition.NONE);
        }
      } catch (S3Exception e) {
        throw new IOException(
            "cannot write the result to " + location.uri() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
      Files.deleteIfExists(tmp);
    }

    private void writeCsv(String[] values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        if (values[i] != null) {
          out.write('"');
          out.write(values[i].replace("\"", "\"\""));
          out.write('"');
        }
      }
      out.write('\n');
    }
  }

  /** One page of rows read from a result file, and the offset to continue from (-1 at the end). */
  record Page(List<List<String>> rows, long nextOffset) {}

  Page read(Location location, String statementType, long offset, int maxRows) throws IOException {
    Path file = store.pathOf(location.bucket(), location.key());
    boolean csv = "DML".equals(statementType);
    List<List<String>> rows = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file)) {
      raw.skipNBytes(offset);
      CountingReader in = new CountingReader(new BufferedInputStream(raw, 1 << 16), offset);
      while (rows.size() < maxRows) {
        List<String> row = csv ? in.csvRecord() : in.textRecord();
        if (row == null) {
          return new Page(rows, -1);
        }
        rows.add(row);
      }
      return new Page(rows, in.peekEnd() ? -1 : in.offset());
    }
  }

  /** Reads records byte by byte, so offsets are exact for any UTF-8 content. */
  private static final class CountingReader {
    private final BufferedInputStream in;
    private long offset;

    CountingReader(BufferedInputStream in, long offset) {
      this.in = in;
      this.offset = offset;
    }

    long offset() {
      return offset;
    }

    boolean peekEnd() throws IOException {
      in.mark(1);
      int c = in.read();
      in.reset();
      return c < 0;
    }

    private int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        offset++;
      }
      return c;
    }

    List<String> csvRecord() throws IOException {
      int c = read();
      if (c < 0) {
        return null;
      }
      List<String> values = new ArrayList<>();
      while (true) {
        if (c == '"') {
          ByteArrayOutputStream field = new ByteArrayOutputStream();
          while (true) {
            int d = read();
            if (d < 0) {
              throw new IOException("unterminated quoted field in result file");
            }
            if (d == '"') {
              in.mark(1);
              int e = in.read();
              if (e == '"') {
                offset++;
                field.write('"');
                continue;
              }
              in.reset();
              break;
            }
            field.write(d);
          }
          values.add(field.toString(StandardCharsets.UTF_8));
          c = read();
        } else {
          values.add(null); // an empty unquoted field is NULL
        }
        if (c == ',') {
          c = read();
          if (c == '\n' || c < 0) {
            values.add(null);
            return values;
          }
          continue;
        }
        if (c == '\n' || c < 0) {
          return values;
        }
        throw new IOException("malformed result file near offset " + offset);
      }
    }

    List<String> textRecord() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c = read();
      if (c < 0) {
        return null;
      }
      while (c >= 0 && c != '\n') {
        line.write(c);
        c = read();
      }
      return List.of(line.toString(StandardCharsets.UTF_8).split("\t", -1));
    }
  }
}
