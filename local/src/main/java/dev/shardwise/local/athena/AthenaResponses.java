package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.athena.Column;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.TableFormat;
import dev.shardwise.local.athena.Metastore.Entry;
import dev.shardwise.local.athena.Metastore.TableEntry;
import dev.shardwise.local.athena.Metastore.ViewEntry;
import dev.shardwise.local.athena.ResultSink.ColumnMeta;
import dev.shardwise.local.server.JsonRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The Athena API's response shapes, built from our state. */
final class AthenaResponses {
  private AthenaResponses() {}

  static ObjectNode queryExecution(JsonRequest r, Execution e) {
    Execution.Snapshot s = e.snapshot();
    ObjectNode q = r.newResponse();
    q.put("QueryExecutionId", e.id);
    q.put("Query", e.query);
    q.put("StatementType", e.statement.statementType());
    q.putObject("ResultConfiguration").put("OutputLocation", e.resultLocation.uri());
    ObjectNode context = q.putObject("QueryExecutionContext");
    if (e.database != null) {
      context.put("Database", e.database);
    }
    context.put("Catalog", e.catalog);
    ObjectNode status = q.putObject("Status");
    status.put("State", s.state().name());
    status.set("SubmissionDateTime", r.timestamp(e.submitted));
    if (s.completed() != null) {
      status.set("CompletionDateTime", r.timestamp(s.completed()));
    }
    if (s.failure() != null) {
      QueryFailure f = s.failure();
      status.put("StateChangeReason", f.reason());
      status
          .putObject("AthenaError")
          .put("ErrorCategory", f.category())
          .put("ErrorType", f.type())
          .put("Retryable", f.category() == 1)
          .put("ErrorMessage", f.reason());
    } else if (s.cancelReason() != null) {
      status.put("StateChangeReason", s.cancelReason());
    }
    ObjectNode stats = q.putObject("Statistics");
    stats.put("EngineExecutionTimeInMillis", millis(s.started(), s.completed()));
    stats.put("DataScannedInBytes", s.dataScannedBytes());
    stats.put("TotalExecutionTimeInMillis", millis(e.submitted, s.completed()));
    stats.put("QueryQueueTimeInMillis", millis(e.submitted, s.started()));
    stats.put("QueryPlanningTimeInMillis", 0);
    stats.put("ServiceProcessingTimeInMillis", 0);
    stats.putObject("ResultReuseInformation").put("ReusedPreviousResult", false);
    q.put("WorkGroup", e.workGroup);
    q.putObject("EngineVersion")
        .put("SelectedEngineVersion", "AUTO")
        .put("EffectiveEngineVersion", "Athena engine version 3");
    if (!e.parameters.isEmpty()) {
      ArrayNode p = q.putArray("ExecutionParameters");
      e.parameters.forEach(p::add);
    }
    return q;
  }

  static void columnInfo(ArrayNode out, List<ColumnMeta> columns) {
    for (ColumnMeta c : columns) {
      out.addObject()
          .put("CatalogName", "hive")
          .put("SchemaName", "")
          .put("TableName", "")
          .put("Name", c.name())
          .put("Label", c.name())
          .put("Type", c.type())
          .put("Precision", c.precision())
          .put("Scale", c.scale())
          .put("Nullable", "UNKNOWN")
          .put("CaseSensitive", c.type().equals("varchar"));
    }
  }

  static void rows(ArrayNode out, List<List<String>> rows) {
    for (List<String> row : rows) {
      ArrayNode data = out.addObject().putArray("Data");
      for (String v : row) {
        ObjectNode d = data.addObject();
        if (v != null) {
          d.put("VarCharValue", v);
        }
      }
    }
  }

  static ObjectNode tableMetadata(JsonRequest r, Entry entry) {
    ObjectNode t = r.newResponse();
    t.put("Name", entry.name());
    t.set("CreateTime", r.timestamp(entry.created()));
    if (entry instanceof TableEntry te) {
      TableDefinition d = te.definition();
      t.put("TableType", "EXTERNAL_TABLE");
      columns(t.putArray("Columns"), d.columns());
      columns(t.putArray("PartitionKeys"), d.partitionKeys());
      ObjectNode params = t.putObject("Parameters");
      params.put("EXTERNAL", "TRUE");
      params.put("location", d.location());
      params.put("inputformat", inputFormat(d.format()));
      params.put("outputformat", outputFormat(d.format()));
      if (d.serde() != null) {
        params.put("serde.serialization.lib", d.serde());
      }
      d.serdeProperties().forEach((k, v) -> params.put("serde.param." + k, v));
      d.properties().forEach(params::put);
    } else if (entry instanceof ViewEntry v) {
      t.put("TableType", "VIRTUAL_VIEW");
      columns(t.putArray("Columns"), v.columns());
      t.putArray("PartitionKeys");
      t.putObject("Parameters").put("comment", "Presto View").put("presto_view", "true");
    }
    return t;
  }

  private static void columns(ArrayNode out, List<Column> columns) {
    for (Column c : columns) {
      ObjectNode n = out.addObject().put("Name", c.name()).put("Type", c.type());
      if (c.comment() != null) {
        n.put("Comment", c.comment());
      }
    }
  }

  private static String inputFormat(TableFormat f) {
    return f == TableFormat.PARQUET
        ? "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
        : "org.apache.hadoop.mapred.TextInputFormat";
  }

  private static String outputFormat(TableFormat f) {
    return f == TableFormat.PARQUET
        ? "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
        : "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
  }

  private static long millis(Instant from, Instant to) {
    return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
  }
}
