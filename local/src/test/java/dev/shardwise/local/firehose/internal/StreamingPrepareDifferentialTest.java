package dev.shardwise.local.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.ExtendedS3Destination;
import dev.shardwise.firehose.PrefixTemplate;
import dev.shardwise.local.firehose.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming path of {@link DeliveryPipeline#prepare} ({@link RecordScanner}) against the tree
 * path over the shipped delivery streams and table schemas: for every generated record (valid ones
 * and every kind of odd or broken one) both give the same partition (keys or error output type) and
 * the same payload (Parquet row, raw bytes, or error document with its reason).
 */
class StreamingPrepareDifferentialTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-12-06T09:00:00Z"));
  private static final Pattern COLUMN = Pattern.compile("^\\s*`(\\w+)`\\s+([a-z]+(?:<[a-z, ]+>)?)");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "shardwise-events",
        "shardwise-page-views",
        "shardwise-anomalies",
        "shardwise-rejects"
      })
  void streamingAgreesWithTheTreePath(String stream) throws IOException {
    DeliveryStreamDefinition d =
        DeliveryStreamDefinitions.load(
            stream,
            DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none"));
    ExtendedS3Destination s3 = d.extendedS3DestinationConfiguration();
    DeliveryPipeline.Conversion conversion = null;
    List<TableSchema.Column> columns = List.of();
    if (s3.formatConversionEnabled()) {
      var table = s3.dataFormatConversionConfiguration().schemaConfiguration();
      columns = shippedColumns(table.tableName());
      TableSchema schema = new TableSchema(table.databaseName(), table.tableName(), columns);
      conversion =
          new DeliveryPipeline.Conversion(
              table,
              "arn:aws:glue:us-east-1:000000000000:catalog",
              new RowConverter(
                  schema,
                  s3.dataFormatConversionConfiguration()
                      .inputFormatConfiguration()
                      .deserializer()
                      .openXJsonSerDe()),
              null);
    }
    Partitioner partitioner =
        new Partitioner(
            s3.metadataExtractionQuery().orElseThrow(),
            PrefixTemplate.parse(s3.prefix()).queryKeys());
    DeliveryPipeline.Settings settings =
        new DeliveryPipeline.Settings(
            stream,
            "bench",
            partitioner,
            500,
            conversion,
            null,
            null,
            1 << 20,
            Duration.ofSeconds(60),
            null,
            null,
            null,
            CLOCK,
            null,
            Runnable::run);
    DeliveryPipeline streaming = new DeliveryPipeline(settings, true);
    DeliveryPipeline tree = new DeliveryPipeline(settings, false);

    SplittableRandom random = new SplittableRandom(stream.hashCode());
    Generator gen = new Generator(random, columns, partitioner.field());
    int total = 5_000;
    RecordScanner scanner =
        new RecordScanner(conversion == null ? null : conversion.converter(), partitioner.field());
    int rows = 0;
    int errors = 0;
    int fast = 0;
    for (int i = 0; i < total; i++) {
      String json = gen.record();
      Incoming in =
          new Incoming(
              json.getBytes(StandardCharsets.UTF_8),
              1_765_000_000_000L + i,
              Incoming.Ack.NONE,
              i % 2 == 0 ? null : "4960" + i,
              i % 3);
      Object[] expected = tree.prepare(in);
      Object[] actual = streaming.prepare(in);
      PartitionId e = (PartitionId) expected[0];
      PartitionId a = (PartitionId) actual[0];
      assertThat(a.errorType()).as(json).isEqualTo(e.errorType());
      assertThat(a.keys()).as(json).isEqualTo(e.keys());
      assertThat(describe(actual[1])).as(json).isEqualTo(describe(expected[1]));
      if (scanner.scan(in.data()) != null) {
        fast++;
      }
      if (e.errorType() == null) {
        rows++;
      } else {
        errors++;
      }
    }
    // the generator must exercise both the records that convert and the error documents
    assertThat(rows).as("rows").isGreaterThan(total / 4);
    assertThat(errors).as("error documents").isGreaterThan(total / 20);
    // and the streaming path must answer most records (else the comparison proves little)
    assertThat(fast).as("answered by the streaming path").isGreaterThan(total / 3);
  }

  /** A payload as comparable text: a row's values with their Java types, or the bytes. */
  private static String describe(Object payload) {
    if (payload instanceof byte[] b) {
      return "bytes:" + new String(b, StandardCharsets.UTF_8);
    }
    Object[] row = (Object[]) payload;
    List<String> out = new ArrayList<>();
    for (Object v : row) {
      out.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
    }
    return "row:" + out;
  }

  /** The data columns of a shipped table, from its DDL in athena-queries. */
  static List<TableSchema.Column> shippedColumns(String table) throws IOException {
    String ddl;
    try (InputStream in =
        StreamingPrepareDifferentialTest.class.getResourceAsStream(
            "/dev/shardwise/athena/tables/" + table + ".sql")) {
      assertThat(in).as("DDL of " + table).isNotNull();
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String body = ddl.substring(ddl.indexOf('('), ddl.indexOf("PARTITIONED BY"));
    List<TableSchema.Column> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      Matcher m = COLUMN.matcher(line);
      if (m.find()) {
        out.add(new TableSchema.Column(m.group(1), m.group(2).replace(" ", "")));
      }
    }
    assertThat(out).as("columns of " + table).isNotEmpty();
    return out;
  }

  /** Records: mostly valid for the schema, with every kind of deviation mixed in. */
  private static final class Generator {
    private final SplittableRandom r;
    private final List<TableSchema.Column> columns;
    private final String field;

    Generator(SplittableRandom r, List<TableSchema.Column> columns, String field) {
      this.r = r;
      this.columns = columns;
      this.field = field;
    }

    /** Whether this record may hold odd values (else every value is of its column's type). */
    private boolean wild;

    String record() {
      wild = r.nextInt(5) < 2;
      int shape = r.nextInt(100);
      if (shape < 3) {
        return pick("", "   ", "null", "[1,2]", "\"text\"", "42", "{", "{\"a\":", "not json", "{}");
      }
      List<String> members = new ArrayList<>();
      boolean fieldIsColumn = columns.stream().anyMatch(c -> c.name().equals(field));
      if (field != null && !fieldIsColumn && r.nextInt(10) > 0) {
        members.add(quote(field) + ":" + timeValue());
      }
      for (TableSchema.Column c : columns) {
        if (r.nextInt(15) == 0) {
          continue; // missing
        }
        String name = c.name();
        if (r.nextInt(150) == 0) {
          name = name.toUpperCase(Locale.ROOT); // case-insensitive match
        }
        String v = c.name().equals(field) ? timeValue() : value(c.type(), 0);
        members.add(quote(name) + ":" + v);
        if (r.nextInt(200) == 0) {
          members.add(quote(name) + ":" + value(c.type(), 0)); // duplicate key
        }
      }
      if (r.nextInt(5) == 0) {
        members.add(quote(pick("extra", "Extra", "a.b", "nested", "x")) + ":" + anyValue(0));
      }
      java.util.Collections.shuffle(members, new java.util.Random(r.nextLong()));
      String json = "{" + String.join(",", members) + "}";
      if (r.nextInt(50) == 0) {
        json = json + pick("\n", " ", "}", " trailing", "\n{\"b\":1}");
      }
      if (r.nextInt(80) == 0) {
        json = json.substring(0, r.nextInt(json.length() + 1)); // truncated
      }
      return json;
    }

    private String timeValue() {
      int k = wild ? r.nextInt(10) : 9;
      return switch (k) {
        case 0 -> "null";
        case 1 -> "1765000000";
        case 2 -> quote("");
        case 3 ->
            quote(
                pick(
                    "2026-12-06T09:00:00+05:30",
                    "2026-12-31T23:30:00-01:00",
                    "2026-02-29T10:00:00Z",
                    "2024-02-29T10:00:00.5z",
                    "2026-13-01T00:00:00Z",
                    "2026-12-06 09:00:00",
                    "not a time",
                    "2026-12-06T09:00:00",
                    "2026-12-06t09:00:00.123456Z",
                    "１２０２６-12-06T09:00:00Z"));
        case 4 -> "{\"t\":1}";
        default -> quote(iso());
      };
    }

    private String iso() {
      return String.format(
          Locale.ROOT,
          "2026-%02d-%02dT%02d:%02d:%02d.%03dZ",
          1 + r.nextInt(12),
          1 + r.nextInt(28),
          r.nextInt(24),
          r.nextInt(60),
          r.nextInt(60),
          r.nextInt(1000));
    }

    private String value(String type, int depth) {
      if (r.nextInt(30) == 0) {
        return "null";
      }
      if (wild && r.nextInt(30) == 0) {
        return anyValue(depth); // wrong type, sometimes
      }
      boolean odd = wild && r.nextInt(6) == 0; // a value the tree path converts or rejects
      if (type.startsWith("map<")) {
        String vt = type.substring(type.indexOf(',') + 1, type.length() - 1);
        List<String> m = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          m.add(
              quote(pick("temp", "hum", "Temp", "cpu_load", "temp")) + ":" + value(vt, depth + 1));
        }
        return "{" + String.join(",", m) + "}";
      }
      if (type.startsWith("array<")) {
        String et = type.substring(6, type.length() - 1);
        List<String> a = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(value(et, depth + 1));
        }
        return "[" + String.join(",", a) + "]";
      }
      return switch (type) {
        case "string" ->
            odd
                ? pick("1", "true", "2.5", "{\"a\":[1,2]}", "[\"x\"]")
                : quote(
                    pick(
                        "/p/1",
                        "d-" + r.nextInt(1000),
                        "é ü \\u00e9",
                        "line\\nbreak",
                        "",
                        "shardId-000000000001"));
        case "int", "smallint", "tinyint" ->
            !odd
                ? Integer.toString(r.nextInt(2000) - 100)
                : pick("\"250\"", "2.0", "2.5", "40000", "3000000000", "-129", "1e2");
        case "bigint" ->
            !odd
                ? Long.toString(r.nextLong(1L << 40))
                : pick("9223372036854775807", "9223372036854775808", "\" 12 \"", "1.0", "-7");
        case "double", "float" ->
            !odd
                ? pick(Double.toString(r.nextDouble() * 1000), Integer.toString(r.nextInt(1000)))
                : pick(
                    "1e400",
                    "-0.0",
                    "\"3.5\"",
                    "1.7976931348623157E308",
                    "0.1",
                    "123456789012345678901234567890",
                    "16777217");
        case "boolean" ->
            !odd ? pick("true", "false") : pick("\"true\"", "\"FALSE\"", "\"yes\"", "1");
        case "timestamp" ->
            r.nextInt(8) == 0
                ? pick(
                    "1765000000",
                    "1765000000123",
                    "1765000000.5",
                    "\"2026-12-06 09:00:00.1\"",
                    "\"bad\"",
                    "\"2026-12-06T09:00:00+01:00\"")
                : quote(iso());
        case "date" -> !odd ? "\"2026-12-06\"" : pick("\"2026-02-30\"", "\"06/12/2026\"", "20000");
        default -> throw new IllegalArgumentException("no generator for " + type);
      };
    }

    private String anyValue(int depth) {
      int k = r.nextInt(depth > 1 ? 5 : 7);
      return switch (k) {
        case 0 -> "null";
        case 1 -> Integer.toString(r.nextInt());
        case 2 -> "true";
        case 3 -> quote("s" + r.nextInt(10));
        case 4 -> "1.25";
        case 5 -> "{\"k\":" + anyValue(depth + 1) + ",\"K\":" + anyValue(depth + 1) + "}";
        default -> "[" + anyValue(depth + 1) + "," + anyValue(depth + 1) + "]";
      };
    }

    @SafeVarargs
    private <T> T pick(T... options) {
      return options[r.nextInt(options.length)];
    }

    private static String quote(String s) {
      return "\"" + s + "\"";
    }
  }
}
