package dev.shardwise.local.athena.sql;

import dev.shardwise.local.athena.QueryFailure;
import io.trino.sql.tree.AliasedRelation;
import io.trino.sql.tree.AllColumns;
import io.trino.sql.tree.AllRows;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.Except;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.FetchFirst;
import io.trino.sql.tree.GroupBy;
import io.trino.sql.tree.GroupingElement;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Intersect;
import io.trino.sql.tree.Join;
import io.trino.sql.tree.JoinOn;
import io.trino.sql.tree.JoinUsing;
import io.trino.sql.tree.Lateral;
import io.trino.sql.tree.Limit;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.Offset;
import io.trino.sql.tree.OrderBy;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.QueryBody;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.Relation;
import io.trino.sql.tree.Row;
import io.trino.sql.tree.SelectItem;
import io.trino.sql.tree.SetOperation;
import io.trino.sql.tree.SimpleGroupBy;
import io.trino.sql.tree.SingleColumn;
import io.trino.sql.tree.SortItem;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.TableSubquery;
import io.trino.sql.tree.Union;
import io.trino.sql.tree.Unnest;
import io.trino.sql.tree.Values;
import io.trino.sql.tree.WithQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Translates a Trino (Athena engine 3) query into DuckDB SQL with the same answer. Tables and views
 * are named through a {@link RelationResolver}; {@code ?} parameters are replaced by the literal
 * expressions given; {@code current_timestamp} is the instant given (fixed per query, as in Trino).
 * The output relies on the session settings of {@code DuckDbSession} (UTC, integer division, nulls
 * last). Not thread-safe: one translator per statement.
 */
public final class SqlTranslator {

  /** Names a table or view of the catalog as the DuckDB relation that holds it. */
  @FunctionalInterface
  public interface RelationResolver {
    String resolve(QualifiedName name, Node at) throws QueryFailure;
  }

  private final List<Expression> parameters;
  private final Instant now;
  private final RelationResolver resolver;
  private final ExpressionWriter expressions = new ExpressionWriter(this);
  private final Deque<Set<String>> cteScopes = new ArrayDeque<>();

  public SqlTranslator(List<Expression> parameters, Instant now, RelationResolver resolver) {
    this.parameters = List.copyOf(parameters);
    this.now = Objects.requireNonNull(now, "now");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** The DuckDB text of a query. */
  public String translate(Query query) throws QueryFailure {
    try {
      return query(query);
    } catch (Failure f) {
      throw f.failure;
    }
  }

  // ---- package API for the expression writers --------------------------------------------------

  Instant now() {
    return now;
  }

  String parameter(Parameter p) {
    if (p.getId() >= parameters.size()) {
      throw fail(
          QueryFailure.user(
              "INVALID_PARAMETER_USAGE",
              p,
              "Incorrect number of parameters: expected at least "
                  + (p.getId() + 1)
                  + " but found "
                  + parameters.size()));
    }
    return expressions.write(parameters.get(p.getId()));
  }

  String query(Query q) {
    cteScopes.push(new HashSet<>());
    try {
      StringBuilder sb = new StringBuilder();
      if (!q.getFunctions().isEmpty()) {
        throw fail(QueryFailure.notSupported(q, "WITH FUNCTION"));
      }
      if (q.getWith().isPresent()) {
        if (q.getWith().get().isRecursive()) {
          throw fail(QueryFailure.notSupported(q, "WITH RECURSIVE"));
        }
        List<String> ctes = new ArrayList<>();
        for (WithQuery w : q.getWith().get().getQueries()) {
          String cols =
              w.getColumnNames()
                  .map(
                      c ->
                          "("
                              + String.join(", ", c.stream().map(i -> quote(i.getValue())).toList())
                              + ")")
                  .orElse("");
          ctes.add(quote(w.getName().getValue()) + cols + " AS (" + query(w.getQuery()) + ")");
          cteScopes.peek().add(lower(w.getName().getValue()));
        }
        sb.append("WITH ").append(String.join(", ", ctes)).append(' ');
      }
      sb.append(body(q.getQueryBody()));
      q.getOrderBy().ifPresent(o -> sb.append(' ').append(orderBy(o)));
      q.getOffset().ifPresent(o -> sb.append(offset(o)));
      q.getLimit().ifPresent(l -> sb.append(limit(l)));
      return sb.toString();
    } finally {
      cteScopes.pop();
    }
  }

  String orderBy(OrderBy orderBy) {
    List<String> items = new ArrayList<>();
    for (SortItem s : orderBy.getSortItems()) {
      String item = expressions.write(s.getSortKey());
      item += s.getOrdering() == SortItem.Ordering.DESCENDING ? " DESC" : " ASC";
      item +=
          switch (s.getNullOrdering()) {
            case FIRST -> " NULLS FIRST";
            case LAST, UNDEFINED -> " NULLS LAST"; // Trino: NULLS LAST whatever the direction
          };
      items.add(item);
    }
    return "ORDER BY " + String.join(", ", items);
  }

  // ---- queries -------------------------------------------------------------------------------

  private String body(QueryBody body) {
    if (body instanceof QuerySpecification spec) {
      return specification(spec);
    }
    if (body instanceof TableSubquery sub) {
      return "(" + query(sub.getQuery()) + ")";
    }
    if (body instanceof Table table) {
      return "SELECT * FROM " + table(table);
    }
    if (body instanceof Values values) {
      return values(values);
    }
    if (body instanceof SetOperation set) {
      String op =
          set instanceof Union ? "UNION" : set instanceof Intersect ? "INTERSECT" : "EXCEPT";
      if (set instanceof Except && set.isDistinct()) {
        op = "EXCEPT";
      }
      String joiner = " " + op + (set.isDistinct() ? " " : " ALL ");
      List<String> parts = new ArrayList<>();
      for (Relation r : set.getRelations()) {
        parts.add("(" + body((QueryBody) r) + ")");
      }
      return String.join(joiner, parts);
    }
    throw fail(QueryFailure.notSupported(body, body.getClass().getSimpleName()));
  }

  private String specification(QuerySpecification s) {
    if (!s.getWindows().isEmpty()) {
      throw fail(QueryFailure.notSupported(s, "The WINDOW clause"));
    }
    StringBuilder sb = new StringBuilder("SELECT ");
    if (s.getSelect().isDistinct()) {
      sb.append("DISTINCT ");
    }
    List<String> items = new ArrayList<>();
    List<SelectItem> selectItems = s.getSelect().getSelectItems();
    for (int i = 0; i < selectItems.size(); i++) {
      items.add(selectItem(selectItems.get(i), i));
    }
    sb.append(String.join(", ", items));
    s.getFrom().ifPresent(f -> sb.append(" FROM ").append(relation(f)));
    s.getWhere().ifPresent(w -> sb.append(" WHERE ").append(expressions.write(w)));
    s.getGroupBy().ifPresent(g -> sb.append(" GROUP BY ").append(groupBy(g)));
    s.getHaving().ifPresent(h -> sb.append(" HAVING ").append(expressions.write(h)));
    s.getOrderBy().ifPresent(o -> sb.append(' ').append(orderBy(o)));
    s.getOffset().ifPresent(o -> sb.append(offset(o)));
    s.getLimit().ifPresent(l -> sb.append(limit(l)));
    return sb.toString();
  }

  private String selectItem(SelectItem item, int index) {
    if (item instanceof AllColumns all) {
      if (!all.getAliases().isEmpty()) {
        throw fail(QueryFailure.notSupported(all, "Column aliases for *"));
      }
      return all.getTarget().map(t -> expressions.write(t) + ".*").orElse("*");
    }
    SingleColumn column = (SingleColumn) item;
    Expression e = column.getExpression();
    String name;
    if (column.getAlias().isPresent()) {
      name = column.getAlias().get().getValue();
    } else if (e instanceof Identifier id) {
      name = id.getValue();
    } else if (e instanceof DereferenceExpression d && d.getField().isPresent()) {
      name = d.getField().get().getValue();
    } else {
      name = "_col" + index; // Trino's name for an unnamed column
    }
    return expressions.write(e) + " AS " + quote(lower(name));
  }

  private String groupBy(GroupBy groupBy) {
    if (groupBy.isDistinct()) {
      throw fail(QueryFailure.notSupported(groupBy, "GROUP BY DISTINCT"));
    }
    List<String> keys = new ArrayList<>();
    for (GroupingElement g : groupBy.getGroupingElements()) {
      if (!(g instanceof SimpleGroupBy simple)) {
        throw fail(QueryFailure.notSupported(g, "GROUPING SETS, CUBE and ROLLUP"));
      }
      keys.addAll(expressions.writeAll(simple.getExpressions()));
    }
    return String.join(", ", keys);
  }

  private String offset(Offset offset) {
    return " OFFSET " + expressions.write(offset.getRowCount());
  }

  private String limit(Node limit) {
    if (limit instanceof Limit l) {
      return l.getRowCount() instanceof AllRows
          ? ""
          : " LIMIT " + expressions.write(l.getRowCount());
    }
    if (limit instanceof FetchFirst f) {
      if (f.isWithTies()) {
        throw fail(QueryFailure.notSupported(f, "FETCH FIRST ... WITH TIES"));
      }
      return " LIMIT " + f.getRowCount().map(expressions::write).orElse("1");
    }
    throw fail(QueryFailure.notSupported(limit, limit.getClass().getSimpleName()));
  }

  private String values(Values values) {
    List<String> rows = new ArrayList<>();
    for (Expression row : values.getRows()) {
      rows.add(
          row instanceof Row r
              ? "(" + String.join(", ", expressions.writeAll(r.getItems())) + ")"
              : "(" + expressions.write(row) + ")");
    }
    return "VALUES " + String.join(", ", rows);
  }

  // ---- relations -----------------------------------------------------------------------------

  private String relation(Relation r) {
    if (r instanceof Table t) {
      // Trino lets columns be qualified by the table's name: FROM events ... events.page
      return table(t) + " AS " + quote(t.getName().getSuffix());
    }
    if (r instanceof AliasedRelation a) {
      List<Identifier> names = a.getColumnNames() == null ? List.of() : a.getColumnNames();
      if (a.getRelation() instanceof Unnest u) {
        return unnest(u, a.getAlias(), names);
      }
      String cols =
          names.isEmpty()
              ? ""
              : "("
                  + String.join(", ", names.stream().map(i -> quote(i.getValue())).toList())
                  + ")";
      String inner = a.getRelation() instanceof Table t ? table(t) : relation(a.getRelation());
      return inner + " AS " + quote(a.getAlias().getValue()) + cols;
    }
    if (r instanceof TableSubquery sub) {
      return "(" + query(sub.getQuery()) + ")";
    }
    if (r instanceof Values v) {
      return "(" + values(v) + ")";
    }
    if (r instanceof Lateral l) {
      return "LATERAL (" + query(l.getQuery()) + ")";
    }
    if (r instanceof Unnest u) {
      return unnest(u, null, List.of());
    }
    if (r instanceof Join j) {
      return join(j);
    }
    if (r instanceof SetOperation || r instanceof QuerySpecification) {
      return "(" + body((QueryBody) r) + ")";
    }
    throw fail(QueryFailure.notSupported(r, r.getClass().getSimpleName()));
  }

  private String join(Join j) {
    String left = relation(j.getLeft());
    String right = relation(j.getRight());
    String type =
        switch (j.getType()) {
          case IMPLICIT -> ", ";
          case CROSS -> " CROSS JOIN ";
          case INNER -> " JOIN ";
          case LEFT -> " LEFT JOIN ";
          case RIGHT -> " RIGHT JOIN ";
          case FULL -> " FULL JOIN ";
        };
    String criteria = "";
    if (j.getCriteria().isPresent()) {
      if (j.getCriteria().get() instanceof JoinOn on) {
        criteria = " ON " + expressions.write(on.getExpression());
      } else if (j.getCriteria().get() instanceof JoinUsing using) {
        criteria =
            " USING ("
                + String.join(
                    ", ", using.getColumns().stream().map(i -> quote(i.getValue())).toList())
                + ")";
      } else {
        throw fail(QueryFailure.notSupported(j, "NATURAL JOIN"));
      }
    }
    return left + type + right + criteria;
  }

  /**
   * {@code UNNEST(array)} yields one column per array; {@code UNNEST(map)} yields key and value.
   * Which one is meant is read from the number of column names.
   */
  private String unnest(Unnest u, Identifier alias, List<Identifier> columns) {
    if (u.isWithOrdinality()) {
      throw fail(QueryFailure.notSupported(u, "UNNEST ... WITH ORDINALITY"));
    }
    List<Expression> args = u.getExpressions();
    List<String> cols = new ArrayList<>();
    for (int i = 0; i < Math.max(columns.size(), args.size()); i++) {
      cols.add(i < columns.size() ? quote(columns.get(i).getValue()) : quote("_col" + i));
    }
    List<String> selected = new ArrayList<>();
    if (args.size() == 1 && cols.size() == 2) {
      String map = expressions.write(args.get(0));
      selected.add("unnest(map_keys(" + map + ")) AS " + cols.get(0));
      selected.add("unnest(map_values(" + map + ")) AS " + cols.get(1));
    } else if (args.size() == cols.size()) {
      for (int i = 0; i < args.size(); i++) {
        selected.add("unnest(" + expressions.write(args.get(i)) + ") AS " + cols.get(i));
      }
    } else {
      throw fail(QueryFailure.notSupported(u, "UNNEST of rows"));
    }
    return "LATERAL (SELECT "
        + String.join(", ", selected)
        + ")"
        + (alias == null ? "" : " AS " + quote(alias.getValue()));
  }

  private String table(Table t) {
    if (t.getQueryPeriod().isPresent()) {
      throw fail(QueryFailure.notSupported(t, "FOR TIMESTAMP/VERSION AS OF"));
    }
    QualifiedName name = t.getName();
    if (name.getParts().size() == 1) {
      String single = lower(name.getParts().get(0));
      for (Set<String> scope : cteScopes) {
        if (scope.contains(single)) {
          return quote(single);
        }
      }
    }
    try {
      return resolver.resolve(name, t);
    } catch (QueryFailure f) {
      throw fail(f);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A DuckDB identifier. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A DuckDB string literal. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static RuntimeException fail(QueryFailure failure) {
    return new Failure(failure);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Carries a {@link QueryFailure} out of the visitors, which cannot throw checked exceptions. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient QueryFailure failure;

    Failure(QueryFailure failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
