package dev.shardwise.local.athena;

import static dev.shardwise.local.athena.ApiChecks.catalog;
import static dev.shardwise.local.athena.ApiChecks.invalid;
import static dev.shardwise.local.athena.ApiChecks.length;
import static dev.shardwise.local.athena.ApiChecks.metadata;
import static dev.shardwise.local.athena.ApiChecks.page;
import static dev.shardwise.local.athena.ApiChecks.pageSize;
import static dev.shardwise.local.athena.ApiChecks.startIndex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.athena.Metastore.Entry;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The Athena operations on saved queries and on the Glue catalog's tables. Thread-safe. */
final class CatalogApi {
  private static final int MAX_QUERY = 262_144;

  private final AthenaConfig config;
  private final Metastore metastore;
  private final NamedQueryStore namedQueries;
  private final Supplier<String> ids;

  CatalogApi(
      AthenaConfig config,
      Metastore metastore,
      NamedQueryStore namedQueries,
      Supplier<String> ids) {
    this.config = config;
    this.metastore = metastore;
    this.namedQueries = namedQueries;
    this.ids = ids;
  }

  ObjectNode createNamedQuery(JsonRequest r) throws AwsServiceException {
    String name = length(r, "Name", r.requiredString("Name"), 1, 128);
    String description = r.optionalString("Description");
    if (description != null) {
      length(r, "Description", description, 1, 1024);
    }
    String database = length(r, "Database", r.requiredString("Database"), 1, 255);
    String sql = length(r, "QueryString", r.requiredString("QueryString"), 1, MAX_QUERY);
    String id = ids.get();
    namedQueries.put(
        new NamedQueryStore.Saved(
            id, name, description, database, sql, ApiChecks.workGroup(r, config)));
    return r.newResponse().put("NamedQueryId", id);
  }

  ObjectNode getNamedQuery(JsonRequest r) throws AwsServiceException {
    String id = r.requiredString("NamedQueryId");
    NamedQueryStore.Saved s =
        namedQueries.get(id).orElseThrow(() -> invalid("NamedQuery " + id + " was not found"));
    ObjectNode out = r.newResponse();
    ObjectNode q = out.putObject("NamedQuery");
    q.put("Name", s.name());
    if (s.description() != null) {
      q.put("Description", s.description());
    }
    q.put("Database", s.database());
    q.put("QueryString", s.query());
    q.put("NamedQueryId", s.id());
    q.put("WorkGroup", s.workGroup());
    return out;
  }

  ObjectNode listNamedQueries(JsonRequest r) throws AwsServiceException {
    return page(
        r, namedQueries.ids(ApiChecks.workGroup(r, config)), pageSize(r, 50), "NamedQueryIds");
  }

  ObjectNode getTableMetadata(JsonRequest r) throws AwsServiceException {
    catalog(r);
    String db = r.requiredString("DatabaseName");
    String table = r.requiredString("TableName");
    if (!metastore.databaseExists(db)) {
      throw metadata("Database " + db + " does not exist");
    }
    Entry e =
        metastore
            .entry(db, table)
            .orElseThrow(() -> metadata("Table " + table + " does not exist in database " + db));
    ObjectNode out = r.newResponse();
    out.set("TableMetadata", AthenaResponses.tableMetadata(r, e));
    return out;
  }

  ObjectNode listTableMetadata(JsonRequest r) throws AwsServiceException {
    catalog(r);
    String db = r.requiredString("DatabaseName");
    String expression = r.optionalString("Expression");
    int max = r.optionalInt("MaxResults", 50);
    if (max < 1 || max > 50) {
      throw JsonRequest.constraint("MaxResults", max, "Member must have value between 1 and 50");
    }
    List<Entry> entries;
    try {
      entries = metastore.entries(db);
    } catch (QueryFailure f) {
      throw metadata("Database " + db + " does not exist");
    }
    Pattern filter =
        expression == null
            ? null
            : Pattern.compile(expression.replace("*", ".*"), Pattern.CASE_INSENSITIVE);
    List<Entry> matching =
        entries.stream().filter(e -> filter == null || filter.matcher(e.name()).matches()).toList();
    int start = startIndex(r);
    ObjectNode out = r.newResponse();
    ArrayNode list = out.putArray("TableMetadataList");
    int end = Math.min(matching.size(), start + max);
    for (int i = start; i < end; i++) {
      list.add(AthenaResponses.tableMetadata(r, matching.get(i)));
    }
    if (end < matching.size()) {
      out.put("NextToken", Integer.toString(end));
    }
    return out;
  }
}
