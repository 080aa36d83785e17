package dev.shardwise.infra;

import dev.shardwise.athena.Column;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.ViewDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What analysts query, from {@code athena-queries}' {@link QueryCatalog}: the Glue database, one
 * {@code CfnTable} per table definition (columns, partition keys, SerDe and every table property as
 * the DDL writes them, so partition projection and {@code storage.location.template} arrive
 * unchanged, with the archive bucket filled in), the views (run through Athena at deploy time by
 * {@link AthenaStatements}, since a view's Glue entry holds text only Athena writes) and one saved
 * query ({@code CfnNamedQuery}) per named query in the work group.
 */
public final class Catalogue extends Construct {
  private static final String PARQUET_SERDE =
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  private static final String PARQUET_INPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  private static final String PARQUET_OUTPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  private static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
  private static final String TEXT_OUTPUT =
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

  private final QueryCatalog catalog;
  private final CfnDatabase database;
  private final Map<String, CfnTable> tables = new LinkedHashMap<>();
  private final Map<String, CfnNamedQuery> namedQueries = new LinkedHashMap<>();
  private final AthenaStatements views;

  public Catalogue(
      Construct scope,
      String id,
      QueryCatalog catalog,
      IBucket archive,
      Analytics analytics,
      IBucket results,
      IKey key) {
    super(scope, id);
    this.catalog = catalog;
    database =
        CfnDatabase.Builder.create(this, "Database")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseInput(
                CfnDatabase.DatabaseInputProperty.builder()
                    .name(QueryCatalog.DATABASE)
                    .description("shardwise: the archive's tables and deduplicating views")
                    .build())
            .build();
    for (TableDefinition t : catalog.tables()) {
      CfnTable table = table(t.withArchiveBucket(archive.getBucketName()));
      table.addDependency(database);
      tables.put(t.name(), table);
    }
    String workGroup = analytics.workGroup().getName();
    for (NamedQuery q : catalog.namedQueries()) {
      CfnNamedQuery saved =
          CfnNamedQuery.Builder.create(this, "Query" + Names.pascal(q.name()))
              .name(q.name())
              .description(q.description())
              .database(QueryCatalog.DATABASE)
              .workGroup(workGroup)
              .queryString(q.sql())
              .build();
      saved.addDependency(analytics.workGroup());
      saved.addDependency(database);
      namedQueries.put(q.name(), saved);
    }
    views =
        new AthenaStatements(
            this,
            "Views",
            workGroup,
            QueryCatalog.DATABASE,
            catalog.tables().stream().map(TableDefinition::name).toList(),
            catalog.views().stream().map(ViewDefinition::name).toList(),
            catalog.views().stream().map(ViewDefinition::sql).toList(),
            results,
            key);
    views.getNode().addDependency(analytics.workGroup());
    tables.values().forEach(t -> views.getNode().addDependency(t));
  }

  private CfnTable table(TableDefinition t) {
    Map<String, String> parameters = new LinkedHashMap<>(t.properties());
    parameters.put("EXTERNAL", "TRUE");
    parameters.put("classification", classification(t));
    CfnTable.SerdeInfoProperty.Builder serde =
        CfnTable.SerdeInfoProperty.builder().serializationLibrary(serdeOf(t));
    if (!t.serdeProperties().isEmpty()) {
      serde.parameters(t.serdeProperties());
    }
    return CfnTable.Builder.create(this, "Table" + Names.pascal(t.name()))
        .catalogId(Aws.ACCOUNT_ID)
        .databaseName(QueryCatalog.DATABASE)
        .tableInput(
            CfnTable.TableInputProperty.builder()
                .name(t.name())
                .tableType("EXTERNAL_TABLE")
                .parameters(parameters)
                .partitionKeys(columns(t.partitionKeys()))
                .storageDescriptor(
                    CfnTable.StorageDescriptorProperty.builder()
                        .columns(columns(t.columns()))
                        .location(t.location())
                        .inputFormat(isParquet(t) ? PARQUET_INPUT : TEXT_INPUT)
                        .outputFormat(isParquet(t) ? PARQUET_OUTPUT : TEXT_OUTPUT)
                        .serdeInfo(serde.build())
                        .build())
                .build())
        .build();
  }

  private static boolean isParquet(TableDefinition t) {
    return switch (t.format()) {
      case PARQUET -> true;
      case JSON -> false;
      case OTHER ->
          throw new IllegalArgumentException(
              "table "
                  + t.name()
                  + ": only Parquet and JSON tables are deployed (the formats Firehose writes)");
    };
  }

  private static String classification(TableDefinition t) {
    return isParquet(t) ? "parquet" : "json";
  }

  private static String serdeOf(TableDefinition t) {
    if (t.serde() != null) {
      return t.serde();
    }
    if (isParquet(t)) {
      return PARQUET_SERDE;
    }
    throw new IllegalArgumentException("table " + t.name() + ": a JSON table must name its SerDe");
  }

  private static List<Object> columns(List<Column> columns) {
    return columns.stream()
        .map(
            c ->
                (Object)
                    CfnTable.ColumnProperty.builder()
                        .name(c.name())
                        .type(c.type())
                        .comment(c.comment())
                        .build())
        .toList();
  }

  public QueryCatalog catalog() {
    return catalog;
  }

  public CfnDatabase database() {
    return database;
  }

  /** The tables by name. */
  public Map<String, CfnTable> tables() {
    return Map.copyOf(tables);
  }

  /** The saved queries by name. */
  public Map<String, CfnNamedQuery> namedQueries() {
    return Map.copyOf(namedQueries);
  }

  public AthenaStatements views() {
    return views;
  }
}
