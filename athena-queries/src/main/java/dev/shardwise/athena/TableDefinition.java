package dev.shardwise.athena;

import dev.shardwise.athena.internal.HiveDdlParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Glue table as its {@code CREATE EXTERNAL TABLE} statement defines it: what the local Firehose
 * needs for Parquet conversion (the column schema), what the local Athena needs to read it (format,
 * location, partition projection) and what {@code infra} needs to create it.
 *
 * @param database the database named in the DDL ({@code db.table}), or {@code null} when the DDL
 *     leaves it to the query context
 * @param name lower-case table name
 * @param columns the data columns, in order
 * @param partitionKeys the partition columns, in order
 * @param format how the files are stored
 * @param serde the SerDe class ({@code org.openx.data.jsonserde.JsonSerDe}, ...), or {@code null}
 * @param serdeProperties {@code WITH SERDEPROPERTIES}
 * @param location the {@code LOCATION} URI; catalogue DDL writes the archive bucket as {@value
 *     #ARCHIVE_BUCKET_PLACEHOLDER} ({@link #withArchiveBucket})
 * @param properties {@code TBLPROPERTIES}, including {@code projection.*} and {@code
 *     storage.location.template}
 * @param ddl the statement text this definition was read from
 */
public record TableDefinition(
    String database,
    String name,
    List<Column> columns,
    List<Column> partitionKeys,
    TableFormat format,
    String serde,
    Map<String, String> serdeProperties,
    String location,
    Map<String, String> properties,
    String ddl) {

  /** How the catalogue's DDL names the archive bucket, which differs per deployment. */
  public static final String ARCHIVE_BUCKET_PLACEHOLDER = "{{archive_bucket}}";

  public TableDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(ddl, "ddl");
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    serdeProperties = Collections.unmodifiableMap(new LinkedHashMap<>(serdeProperties));
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    if (columns.isEmpty()) {
      throw new CatalogException("table " + name + " has no columns");
    }
    List<String> seen = new ArrayList<>();
    for (Column c : allColumns(columns, partitionKeys)) {
      if (seen.contains(c.name())) {
        throw new CatalogException("table " + name + " declares column " + c.name() + " twice");
      }
      seen.add(c.name());
    }
  }

  /**
   * Reads a {@code CREATE EXTERNAL TABLE} statement (Hive DDL as Athena accepts it).
   *
   * @throws CatalogException naming the line and column of the first problem
   */
  public static TableDefinition parse(String ddl) {
    return HiveDdlParser.parse(ddl);
  }

  /** Data columns followed by partition keys: the columns a query sees. */
  public List<Column> allColumns() {
    return allColumns(columns, partitionKeys);
  }

  /** The partition projection, when {@code projection.enabled} is true. */
  public Optional<PartitionProjection> projection() {
    return PartitionProjection.of(this);
  }

  /** The partition location template ({@code storage.location.template}), if any. */
  public Optional<String> locationTemplate() {
    return Optional.ofNullable(properties.get("storage.location.template"));
  }

  /** This definition with the archive bucket placeholder replaced in location, template and DDL. */
  public TableDefinition withArchiveBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    Map<String, String> props = new LinkedHashMap<>();
    properties.forEach((k, v) -> props.put(k, v.replace(ARCHIVE_BUCKET_PLACEHOLDER, bucket)));
    return new TableDefinition(
        database,
        name,
        columns,
        partitionKeys,
        format,
        serde,
        serdeProperties,
        location.replace(ARCHIVE_BUCKET_PLACEHOLDER, bucket),
        props,
        ddl.replace(ARCHIVE_BUCKET_PLACEHOLDER, bucket));
  }

  private static List<Column> allColumns(List<Column> columns, List<Column> partitionKeys) {
    List<Column> all = new ArrayList<>(columns);
    all.addAll(partitionKeys);
    return List.copyOf(all);
  }
}
