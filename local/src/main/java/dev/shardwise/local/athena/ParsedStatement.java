package dev.shardwise.local.athena;

import dev.shardwise.athena.CatalogException;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.internal.SqlScanner;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.DropView;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.ShowColumns;
import io.trino.sql.tree.ShowSchemas;
import io.trino.sql.tree.ShowTables;
import io.trino.sql.tree.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement as Athena splits them: Hive DDL (databases and external tables, read by our own
 * parser) or Trino SQL (queries, views, SHOW). Parsing happens when the query is started, so a
 * syntax error is answered at once, as Athena does.
 */
sealed interface ParsedStatement {

  /** {@code DDL}, {@code DML} or {@code UTILITY}, as {@code QueryExecution.StatementType}. */
  String statementType();

  record CreateDatabase(String name, boolean ifNotExists) implements ParsedStatement {
    public String statementType() {
      return "DDL";
    }
  }

  record DropDatabase(String name, boolean ifExists, boolean cascade) implements ParsedStatement {
    public String statementType() {
      return "DDL";
    }
  }

  record CreateTable(TableDefinition table, boolean ifNotExists) implements ParsedStatement {
    public String statementType() {
      return "DDL";
    }
  }

  record DropTable(String database, String name, boolean ifExists) implements ParsedStatement {
    public String statementType() {
      return "DDL";
    }
  }

  /** A statement the Trino parser read: a query, CREATE/DROP VIEW, SHOW ... */
  record Trino(Statement statement, String sql) implements ParsedStatement {
    public String statementType() {
      if (statement instanceof Query) {
        return "DML";
      }
      if (statement instanceof CreateView || statement instanceof DropView) {
        return "DDL";
      }
      return "UTILITY";
    }
  }

  Pattern CREATE_DATABASE =
      Pattern.compile(
          "CREATE\\s+(?:DATABASE|SCHEMA)\\s+(IF\\s+NOT\\s+EXISTS\\s+)?`?([A-Za-z0-9_]+)`?(\\s.*)?",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  Pattern DROP_DATABASE =
      Pattern.compile(
          "DROP\\s+(?:DATABASE|SCHEMA)\\s+(IF\\s+EXISTS\\s+)?`?([A-Za-z0-9_]+)`?(\\s+CASCADE|\\s+RESTRICT)?",
          Pattern.CASE_INSENSITIVE);
  Pattern CREATE_TABLE =
      Pattern.compile(
          "CREATE\\s+(EXTERNAL\\s+)?TABLE\\s.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  Pattern IF_NOT_EXISTS =
      Pattern.compile(
          "CREATE\\s+(EXTERNAL\\s+)?TABLE\\s+IF\\s+NOT\\s+EXISTS\\s", Pattern.CASE_INSENSITIVE);
  Pattern DROP_TABLE =
      Pattern.compile(
          "DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(?:`?([A-Za-z0-9_]+)`?\\.)?`?([A-Za-z0-9_]+)`?",
          Pattern.CASE_INSENSITIVE);
  Pattern UNSUPPORTED_HIVE =
      Pattern.compile(
          "(ALTER|MSCK|SHOW\\s+PARTITIONS|SHOW\\s+CREATE|SHOW\\s+TBLPROPERTIES|DESCRIBE\\s+FORMATTED|INSERT|UPDATE|DELETE|MERGE|UNLOAD|OPTIMIZE|VACUUM)\\b.*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * Parses one statement (a trailing {@code ;} is allowed).
   *
   * @throws QueryFailure {@code SYNTAX_ERROR} with Trino's or our parser's line and column, or
   *     {@code NOT_SUPPORTED} for a statement kind the local Athena does not run
   */
  static ParsedStatement parse(String sql) throws QueryFailure {
    String text = SqlScanner.withoutTrailingSemicolon(sql);
    String code = withoutLeadingComments(text);
    Matcher m;
    if ((m = CREATE_DATABASE.matcher(code)).matches()) {
      return new CreateDatabase(m.group(2).toLowerCase(Locale.ROOT), m.group(1) != null);
    }
    if ((m = DROP_DATABASE.matcher(code)).matches()) {
      return new DropDatabase(
          m.group(2).toLowerCase(Locale.ROOT),
          m.group(1) != null,
          m.group(3) != null && m.group(3).trim().equalsIgnoreCase("CASCADE"));
    }
    if (CREATE_TABLE.matcher(code).matches()) {
      if (!code.toUpperCase(Locale.ROOT).matches("(?s)CREATE\\s+EXTERNAL\\s.*")) {
        throw QueryFailure.user(
            "NOT_SUPPORTED",
            "CREATE TABLE without EXTERNAL (CTAS, Iceberg) is not supported by the local Athena");
      }
      try {
        return new CreateTable(
            TableDefinition.parse(text), IF_NOT_EXISTS.matcher(code).lookingAt());
      } catch (CatalogException e) {
        throw QueryFailure.user("SYNTAX_ERROR", e.getMessage());
      }
    }
    if ((m = DROP_TABLE.matcher(code)).matches()) {
      return new DropTable(
          m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT),
          m.group(3).toLowerCase(Locale.ROOT),
          m.group(1) != null);
    }
    if (UNSUPPORTED_HIVE.matcher(code).matches()) {
      throw QueryFailure.user(
          "NOT_SUPPORTED",
          "Queries of this type are not supported by the local Athena: "
              + code.split("\\s+")[0].toUpperCase(Locale.ROOT));
    }
    Statement statement;
    try {
      statement = new SqlParser().createStatement(text);
    } catch (ParsingException e) {
      throw QueryFailure.user("SYNTAX_ERROR", e.getMessage());
    }
    if (!(statement instanceof Query
        || statement instanceof CreateView
        || statement instanceof DropView
        || statement instanceof ShowTables
        || statement instanceof ShowSchemas
        || statement instanceof ShowColumns)) {
      throw QueryFailure.user(
          "NOT_SUPPORTED",
          "Queries of this type are not supported by the local Athena: "
              + statement.getClass().getSimpleName());
    }
    return new Trino(statement, text);
  }

  private static String withoutLeadingComments(String sql) {
    String s = sql.strip();
    while (true) {
      if (s.startsWith("--")) {
        int nl = s.indexOf('\n');
        s = nl < 0 ? "" : s.substring(nl + 1).strip();
      } else if (s.startsWith("/*")) {
        int end = s.indexOf("*/");
        s = end < 0 ? "" : s.substring(end + 2).strip();
      } else {
        return s;
      }
    }
  }
}
