package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.AliasedRelation;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.Join;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.QuerySpecification;
import io.trino.sql.tree.Relation;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every view and named query is valid Athena engine 3 (Trino) SQL. */
class TrinoSyntaxTest {
  private static final QueryCatalog CATALOG = QueryCatalog.load();
  private static final SqlParser PARSER = new SqlParser();

  static List<ViewDefinition> views() {
    return CATALOG.views();
  }

  static List<NamedQuery> queries() {
    return CATALOG.namedQueries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  void view_parsesAsCreateOrReplaceView(ViewDefinition view) {
    Statement statement = PARSER.createStatement(view.sql());

    assertThat(statement).isInstanceOf(CreateView.class);
    CreateView create = (CreateView) statement;
    assertThat(create.isReplace()).isTrue();
    assertThat(create.getName().getSuffix()).isEqualTo(view.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void namedQuery_parsesWithOneParameterPerBind(NamedQuery query) {
    Statement statement = PARSER.createStatement(query.sql());

    assertThat(statement).isInstanceOf(Query.class);
    assertThat(count(statement, Parameter.class)).isEqualTo(query.binds().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void namedQuery_filtersEveryArchiveRelationOnItsPartitionSoAthenaPrunes(NamedQuery query) {
    Set<String> partitioned =
        CATALOG.tables().stream().map(TableDefinition::name).collect(Collectors.toSet());
    CATALOG.views().forEach(v -> partitioned.add(v.name()));
    List<String> unfiltered = new ArrayList<>();
    new DefaultTraversalVisitor<Void>() {
      @Override
      protected Void visitQuerySpecification(QuerySpecification spec, Void context) {
        List<String> tables = new ArrayList<>();
        spec.getFrom().ifPresent(from -> collectTables(from, tables));
        tables.retainAll(partitioned);
        boolean filtersDt = spec.getWhere().map(w -> mentionsDt(w)).orElse(false);
        if (!tables.isEmpty() && !filtersDt) {
          unfiltered.addAll(tables);
        }
        return super.visitQuerySpecification(spec, context);
      }
    }.process(PARSER.createStatement(query.sql()), null);

    assertThat(unfiltered).as("relations read without a dt predicate").isEmpty();
  }

  private static void collectTables(Relation r, List<String> out) {
    if (r instanceof Table t) {
      out.add(t.getName().getSuffix());
    } else if (r instanceof AliasedRelation a) {
      collectTables(a.getRelation(), out);
    } else if (r instanceof Join j) {
      collectTables(j.getLeft(), out);
      collectTables(j.getRight(), out);
    }
  }

  private static boolean mentionsDt(Node where) {
    List<Boolean> found = new ArrayList<>();
    new DefaultTraversalVisitor<Void>() {
      @Override
      protected Void visitIdentifier(Identifier node, Void context) {
        if (node.getValue().equalsIgnoreCase("dt")) {
          found.add(true);
        }
        return null;
      }

      @Override
      protected Void visitDereferenceExpression(DereferenceExpression node, Void context) {
        node.getField().ifPresent(f -> visitIdentifier(f, context));
        return super.visitDereferenceExpression(node, context);
      }
    }.process(where, null);
    return !found.isEmpty();
  }

  private static int count(Node root, Class<? extends Node> type) {
    int[] n = {0};
    new DefaultTraversalVisitor<Void>() {
      @Override
      public Void process(Node node, Void context) {
        if (type.isInstance(node)) {
          n[0]++;
        }
        return super.process(node, context);
      }
    }.process(root, null);
    return n[0];
  }
}
