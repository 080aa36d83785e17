package dev.shardwise.local.athena;

import dev.shardwise.athena.Column;
import dev.shardwise.athena.PartitionProjection;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.TableFormat;
import dev.shardwise.local.athena.sql.DuckDbTypes;
import dev.shardwise.local.athena.sql.SqlTranslator;
import dev.shardwise.local.s3.ObjectStore;
import dev.shardwise.local.s3.ObjectStore.ObjectInfo;
import dev.shardwise.local.s3.S3Exception;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a Glue table's files in place: lists the objects under its location in the local S3 store,
 * keeps those in partitions the projection generates (values within range at query time, the exact
 * text of the template), and writes the DuckDB scan over them. DuckDB then prunes partitions by the
 * query's predicates on the partition columns, as Athena does.
 *
 * <p>Every scan lists a schema file first: an empty file with the table's declared columns and
 * types, so DuckDB takes the schema from the DDL (not from whichever data file comes first) without
 * opening any data file of a pruned partition. Its bytes are not counted as data scanned.
 */
final class TableScans {
  private static final String SCHEMA_PARTITION = "__schema__";
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final Path schemaDir;

  TableScans(ObjectStore store, Path schemaDir) {
    this.store = store;
    this.schemaDir = schemaDir.toAbsolutePath().normalize();
  }

  /** A file of a table: where it is, its S3 URI, size and modification time. */
  record TableFile(Path path, String uri, long size, Instant modified) {}

  /** The files of a table visible at {@code now}. */
  List<TableFile> files(TableDefinition table, Instant now) throws QueryFailure {
    if (table.format() == TableFormat.OTHER) {
      throw QueryFailure.user(
          "NOT_SUPPORTED",
          "Table " + table.name() + ": the local Athena reads Parquet and JSON tables only");
    }
    Optional<PartitionProjection> projection = table.projection();
    if (!table.partitionKeys().isEmpty() && projection.isEmpty()) {
      throw QueryFailure.user(
          "NOT_SUPPORTED",
          "Table "
              + table.name()
              + " is partitioned without partition projection; the local"
              + " Athena has no partitions loaded by hand (set projection.enabled)");
    }
    String listFrom = projection.map(PartitionProjection::fixedPrefix).orElse(table.location());
    if (projection.isPresent()) {
      requireHiveStyle(table, projection.get());
    }
    S3Location root = S3Location.parse(listFrom, table.name());
    List<TableFile> out = new ArrayList<>();
    for (ObjectInfo o : list(root)) {
      String key = o.key();
      String fileName = key.substring(key.lastIndexOf('/') + 1);
      if (key.endsWith("/")
          || o.size() == 0
          || fileName.startsWith("_")
          || fileName.startsWith(".")) {
        continue; // folder markers, empty objects and hidden files are not data (as in Athena)
      }
      String directory = "s3://" + root.bucket() + "/" + key.substring(0, key.lastIndexOf('/') + 1);
      if (projection.isPresent()) {
        Optional<Map<String, String>> values = projection.get().match(directory);
        if (values.isEmpty() || !projection.get().admits(values.get(), now)) {
          continue;
        }
      }
      out.add(
          new TableFile(
              store.pathOf(root.bucket(), key).toAbsolutePath().normalize(),
              "s3://" + root.bucket() + "/" + key,
              o.size(),
              o.lastModified()));
    }
    return out;
  }

  /**
   * The DuckDB SELECT reading a table: its declared columns (data then partition), plus {@code
   * $path}, {@code $file_size} and {@code $file_modified_time} when the statement uses them.
   */
  String scan(
      DuckDbSession session,
      TableDefinition table,
      List<TableFile> files,
      boolean pseudoColumns,
      boolean unionByName)
      throws SQLException, QueryFailure {
    Path schema = schemaFile(session, table);
    List<String> paths = new ArrayList<>();
    paths.add(SqlTranslator.literal(schema.toString()));
    files.forEach(f -> paths.add(SqlTranslator.literal(f.path().toString())));
    String list = "[" + String.join(", ", paths) + "]";
    StringBuilder hiveTypes = new StringBuilder("{");
    for (Column k : table.partitionKeys()) {
      hiveTypes
          .append(hiveTypes.length() > 1 ? ", " : "")
          .append(SqlTranslator.literal(k.name()))
          .append(": VARCHAR");
    }
    hiveTypes.append('}');
    String partitioning =
        table.partitionKeys().isEmpty()
            ? "hive_partitioning = false"
            : "hive_partitioning = true, hive_types = " + hiveTypes;
    String reader;
    if (table.format() == TableFormat.PARQUET) {
      reader =
          "read_parquet("
              + list
              + ", "
              + partitioning
              + (unionByName ? ", union_by_name = true" : "")
              + ")";
    } else {
      StringBuilder columns = new StringBuilder("{");
      for (Column c : table.columns()) {
        columns
            .append(columns.length() > 1 ? ", " : "")
            .append(SqlTranslator.literal(c.name()))
            .append(": ")
            .append(SqlTranslator.literal(DuckDbTypes.ofHive(c.type())));
      }
      columns.append('}');
      boolean ignoreMalformed =
          "true"
              .equalsIgnoreCase(
                  table.serdeProperties().getOrDefault("ignore.malformed.json", "false"));
      reader =
          "read_json("
              + list
              + ", format = 'newline_delimited', auto_detect = false, columns = "
              + columns
              + ", "
              + partitioning
              + ", ignore_errors = "
              + ignoreMalformed
              + ")";
    }
    List<String> select = new ArrayList<>();
    for (Column c : table.allColumns()) {
      select.add("t." + SqlTranslator.quote(c.name()));
    }
    StringBuilder sql = new StringBuilder();
    if (pseudoColumns) {
      // joined by file name: DuckDB's file_index counts the files left after pruning, not our list
      select.add("f.path AS \"$path\"");
      select.add("f.size AS \"$file_size\"");
      select.add("f.modified AS \"$file_modified_time\"");
      List<String> rows = new ArrayList<>();
      rows.add(
          "("
              + SqlTranslator.literal(schema.toString())
              + ", NULL, NULL, CAST(NULL AS TIMESTAMPTZ))");
      for (TableFile file : files) {
        rows.add(
            "("
                + SqlTranslator.literal(file.path().toString())
                + ", "
                + SqlTranslator.literal(file.uri())
                + ", "
                + file.size()
                + ", CAST('"
                + TS.format(file.modified())
                + " UTC' AS TIMESTAMPTZ))");
      }
      sql.append("SELECT ")
          .append(String.join(", ", select))
          .append(" FROM ")
          .append(reader)
          .append(" AS t LEFT JOIN (VALUES ")
          .append(String.join(", ", rows))
          .append(") AS f(filename, path, size, modified) ON t.filename = f.filename");
    } else {
      sql.append("SELECT ")
          .append(String.join(", ", select))
          .append(" FROM ")
          .append(reader)
          .append(" AS t");
    }
    return sql.toString();
  }

  private Path schemaFile(DuckDbSession session, TableDefinition table)
      throws SQLException, QueryFailure {
    StringBuilder dir = new StringBuilder(fingerprint(table));
    for (Column k : table.partitionKeys()) {
      dir.append('/').append(k.name()).append('=').append(SCHEMA_PARTITION);
    }
    Path file =
        schemaDir
            .resolve(dir.toString())
            .resolve(table.format() == TableFormat.PARQUET ? "schema.parquet" : "schema.json");
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + UUID.randomUUID() + ".tmp");
      if (table.format() == TableFormat.PARQUET) {
        List<String> cols = new ArrayList<>();
        for (Column c : table.columns()) {
          String type;
          try {
            type = DuckDbTypes.ofHive(c.type());
          } catch (IllegalArgumentException e) {
            throw QueryFailure.user("NOT_SUPPORTED", "Column " + c.name() + ": " + e.getMessage());
          }
          cols.add("CAST(NULL AS " + type + ") AS " + SqlTranslator.quote(c.name()));
        }
        session.execute(
            "COPY (SELECT "
                + String.join(", ", cols)
                + " LIMIT 0) TO "
                + SqlTranslator.literal(tmp.toString())
                + " (FORMAT PARQUET)");
      } else {
        Files.write(tmp, new byte[0]);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw QueryFailure.internal("cannot write the schema file " + file + ": " + e.getMessage());
    }
    return file;
  }

  private List<ObjectInfo> list(S3Location root) throws QueryFailure {
    List<ObjectInfo> out = new ArrayList<>();
    String after = null;
    try {
      if (!store.bucketExists(root.bucket())) {
        return out; // Athena reads an empty table; the bucket may simply not exist yet
      }
      do {
        ObjectStore.Listing page = store.list(root.bucket(), root.key(), null, after, 1000);
        out.addAll(page.objects());
        after = page.nextStartAfter();
      } while (after != null);
    } catch (S3Exception | IOException e) {
      throw QueryFailure.internal(
          "cannot list s3://" + root.bucket() + "/" + root.key() + ": " + e.getMessage());
    }
    return out;
  }

  private static void requireHiveStyle(TableDefinition table, PartitionProjection projection)
      throws QueryFailure {
    for (Column k : table.partitionKeys()) {
      if (!projection.locationTemplate().contains(k.name() + "=${" + k.name() + "}")) {
        throw QueryFailure.user(
            "NOT_SUPPORTED",
            "Table "
                + table.name()
                + ": the local Athena reads partitions laid out as key=value"
                + " directories; storage.location.template "
                + projection.locationTemplate()
                + " is not");
      }
    }
  }

  private static String fingerprint(TableDefinition t) {
    StringBuilder sb = new StringBuilder(t.format().name());
    t.allColumns().forEach(c -> sb.append('|').append(c.name()).append(':').append(c.type()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An {@code s3://bucket/key} location. */
  record S3Location(String bucket, String key) {
    static S3Location parse(String uri, String what) throws QueryFailure {
      if (!uri.startsWith("s3://") || uri.length() <= 5) {
        throw QueryFailure.user(
            "NOT_SUPPORTED", "Table " + what + ": location " + uri + " is not an s3:// URI");
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      return slash < 0
          ? new S3Location(rest, "")
          : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }
}
