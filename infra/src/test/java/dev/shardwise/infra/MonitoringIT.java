package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard watches every stage the stack deploys. */
class MonitoringIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void dashboard_graphsTheStreamTheConsumerEveryDeliveryStreamAndTheWorkGroup() throws Exception {
    Synthesized s = Synthesized.get();
    Map<String, Map<String, Object>> dashboards =
        s.template.findResources("AWS::CloudWatch::Dashboard");
    assertThat(dashboards).hasSize(1);
    String body = JSON.writeValueAsString(dashboards.values().iterator().next());

    assertThat(body)
        .contains("AWS/Kinesis", "IncomingRecords", "GetRecords.IteratorAgeMilliseconds");
    assertThat(body).contains("AWS/Lambda", "IteratorAge", "Errors", "Throttles");
    assertThat(body).contains("ApproximateNumberOfMessagesVisible");
    for (String name : DeliveryStreamDefinitions.NAMES) {
      assertThat(body).contains("\\\"DeliveryStreamName\\\",\\\"" + name + "\\\"");
    }
    assertThat(body).contains("DeliveryToS3.DataFreshness", "AWS/Athena", Analytics.WORK_GROUP);
    // The Kinesis-sourced delivery stream reports what it reads, not IncomingRecords.
    assertThat(body).contains("DataReadFromKinesisStream.Records");
  }
}
