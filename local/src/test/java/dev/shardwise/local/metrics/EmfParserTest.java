package dev.shardwise.local.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.local.metrics.EmfParser.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmfParserTest {
  private final EmfParser parser = new EmfParser();

  /** The example of the EMF specification in the CloudWatch user guide, verbatim. */
  static final String SPEC_EXAMPLE =
      """
      {
        "_aws": {
          "Timestamp": 1574109732004,
          "CloudWatchMetrics": [
            {
              "Namespace": "lambda-function-metrics",
              "Dimensions": [["functionVersion"]],
              "Metrics": [
                {
                  "Name": "time",
                  "Unit": "Milliseconds"
                }
              ]
            }
          ]
        },
        "functionVersion": "$LATEST",
        "time": 100,
        "requestId": "989ffbf8-9ace-4817-a57c-e4dd734019ee"
      }""";

  @Test
  void specificationExample_yieldsOneDatapointWithItsDimension() {
    Result r = parser.parse(SPEC_EXAMPLE.replace('\n', ' '));

    assertThat(r).isInstanceOf(Result.Metrics.class);
    List<MetricDatum> d = ((Result.Metrics) r).datapoints();
    assertThat(d)
        .containsExactly(
            MetricDatum.of(
                MetricKey.of(
                    "lambda-function-metrics", "time", Map.of("functionVersion", "$LATEST")),
                Instant.ofEpochMilli(1574109732004L),
                "Milliseconds",
                100));
  }

  @Test
  void lambdaPrefix_beforeTheDocumentIsAllowed() {
    String line =
        "2019-11-18T20:42:12.004Z\t989ffbf8-9ace-4817-a57c-e4dd734019ee\tINFO\t"
            + SPEC_EXAMPLE.replace('\n', ' ');
    assertThat(parser.parse(line)).isInstanceOf(Result.Metrics.class);
  }

  @Test
  void everyDimensionSet_makesItsOwnMetric_andArraysAreSamples() {
    String line =
        """
        {"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Shardwise",
         "Dimensions":[["ShardId"],[]],"Metrics":[{"Name":"EventAgeMs","Unit":"Milliseconds"},{"Name":"Rejected"}]}]},
         "ShardId":"shardId-000000000001","EventAgeMs":[5,7,9],"Rejected":2}""";

    List<MetricDatum> d = ((Result.Metrics) parser.parse(line)).datapoints();

    assertThat(d)
        .extracting(x -> x.key().toString())
        .containsExactly(
            "Shardwise EventAgeMs {ShardId=shardId-000000000001}",
            "Shardwise EventAgeMs {}",
            "Shardwise Rejected {ShardId=shardId-000000000001}",
            "Shardwise Rejected {}");
    assertThat(d.get(0).values()).containsExactly(5, 7, 9);
    assertThat(d.get(2).unit()).isEqualTo("None");
  }

  @Test
  void ordinaryLogLines_areNotEmf() {
    assertThat(parser.parse("START RequestId: 1 Version: $LATEST"))
        .isInstanceOf(Result.NotEmf.class);
    assertThat(parser.parse("{\"level\":\"WARN\",\"message\":\"segment closed early\"}"))
        .isInstanceOf(Result.NotEmf.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no timestamp | {\"_aws\":{\"CloudWatchMetrics\":[]}} | _aws.Timestamp",
        "dimension not a string | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[\"d\"]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"d\":5,\"m\":1} | dimension d",
        "metric member missing | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\"}]}]}} | metric m has no member",
        "value is a string | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\"}]}]},\"m\":\"5\"} | number or an array",
        "no namespace | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Dimensions\":[[]],\"Metrics\":[]}]}} | Namespace",
        "trailing data | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]}} trailing | not a single JSON object",
        "truncated line | {\"_aws\":{\"Timestamp\":1,\"CloudWatchMe | not a single JSON object",
      })
  void malformedDocuments_sayWhy(String name, String line, String reason) {
    Result r = parser.parse(line);
    assertThat(r).isInstanceOf(Result.Malformed.class);
    assertThat(((Result.Malformed) r).reason()).contains(reason);
  }

  @Test
  void tooManyValues_isMalformed() {
    StringBuilder values = new StringBuilder("[");
    for (int i = 0; i <= EmfParser.MAX_VALUES; i++) {
      values.append(i == 0 ? "" : ",").append(i);
    }
    String line =
        "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"N\",\"Dimensions\":[[]],"
            + "\"Metrics\":[{\"Name\":\"m\"}]}]},\"m\":"
            + values
            + "]}";
    assertThat(((Result.Malformed) parser.parse(line)).reason()).contains("more than 100 values");
  }

  @Test
  void ingest_countsMalformedLinesAndKeepsGoing() {
    MetricStore store =
        MetricStore.inMemory(
            java.time.Clock.fixed(Instant.ofEpochMilli(1574109732004L), java.time.ZoneOffset.UTC),
            MetricStore.Config.defaults());
    EmfIngest ingest = new EmfIngest(store);

    ingest.accept("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMe");
    ingest.accept("plain text");
    ingest.accept(SPEC_EXAMPLE.replace('\n', ' '));

    EmfIngest.Stats s = ingest.stats();
    assertThat(s.lines()).isEqualTo(3);
    assertThat(s.emfDocuments()).isEqualTo(1);
    assertThat(s.malformed()).isEqualTo(1);
    assertThat(s.recentProblems()).singleElement().asString().contains("not a single JSON object");
    assertThat(store.keys())
        .containsExactly(
            MetricKey.of("lambda-function-metrics", "time", Map.of("functionVersion", "$LATEST")));
  }
}
