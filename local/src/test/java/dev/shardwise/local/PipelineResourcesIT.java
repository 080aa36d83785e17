package dev.shardwise.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.Definitions;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Every pipeline resource, created from the shared definitions, as the SDK sees it. */
class PipelineResourcesIT {
  @TempDir Path dataDir;

  @Test
  void create_makesEveryResourceFromTheDefinitions_andAgainOnARestart() throws Exception {
    for (int start = 0; start < 2; start++) {
      try (LocalRuntime rt =
              LocalRuntime.start(
                  LocalSettings.forTests(dataDir).withOptions(Map.of("alarms", "off")),
                  InstantSource.system());
          KinesisClient kinesis = rt.sdk(KinesisClient.builder());
          S3Client s3 = rt.sdk(S3Client.builder().forcePathStyle(true));
          SqsClient sqs = rt.sdk(SqsClient.builder());
          FirehoseClient firehose = rt.sdk(FirehoseClient.builder())) {
        PipelineResources r = PipelineResources.on(rt).shards(3).create();

        String stream = Definitions.stream().streamName();
        assertThat(r.streamName()).isEqualTo(stream);
        assertThat(kinesis.listShards(b -> b.streamName(stream)).shards()).hasSize(3);
        assertThat(s3.listBuckets().buckets())
            .extracting(b -> b.name())
            .contains(LocalRuntime.ARCHIVE_BUCKET, PipelineResources.STATE_BUCKET);
        assertThat(firehose.listDeliveryStreams(b -> b.limit(10)).deliveryStreamNames())
            .containsExactlyInAnyOrderElementsOf(DeliveryStreamDefinitions.NAMES);
        String queue = Definitions.eventSourceMapping().onFailureQueue();
        // the queue and its dead-letter queue, with infra's retention and redrive policy
        assertThat(sqs.listQueues().queueUrls())
            .anyMatch(u -> u.endsWith("/" + queue))
            .anyMatch(u -> u.endsWith("/" + queue + "-dlq"));
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        assertThat(
                sqs.getQueueAttributes(
                        b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                    .attributes())
            .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")
            .containsEntry(
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:"
                    + queue
                    + "-dlq\",\"maxReceiveCount\":5}");
        assertThat(r.mapping()).isNotNull();
        assertThat(r.mappingSettings().batchSize())
            .isEqualTo(Definitions.eventSourceMapping().batchSize());
        assertThat(r.consumerEnvironment())
            .containsEntry("SHARDWISE_ENDPOINT_URL", rt.endpoint().toString())
            .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "shardwise-consumer");
        assertThat(r.drain(java.time.Duration.ofSeconds(30))).isTrue();
      }
    }
  }

  @Test
  void create_givesAQueueOfAnEarlierDataDirectory_theDefinitionsAttributes() throws Exception {
    try (LocalRuntime rt =
            LocalRuntime.start(
                LocalSettings.forTests(dataDir).withOptions(Map.of("alarms", "off")),
                InstantSource.system());
        SqsClient sqs = rt.sdk(SqsClient.builder())) {
      // GIVEN the on-failure queue as an earlier release left it: default attributes
      String queue = Definitions.eventSourceMapping().onFailureQueue();
      rt.sqs().createQueue(queue);

      // WHEN the resources are created
      PipelineResources.on(rt).shards(1).attachConsumer(false).create();

      // THEN it has the redrive policy instead of failing with QueueNameExists
      String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      assertThat(
              sqs.getQueueAttributes(
                      b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                  .attributes())
          .containsKey(QueueAttributeName.REDRIVE_POLICY);
    }
  }

  @Test
  void firehoseOff_theRuntimeServesNoFirehose_andThePipelineSaysWhy() throws Exception {
    try (LocalRuntime rt =
        LocalRuntime.start(
            LocalSettings.forTests(dataDir).withOptions(Map.of("firehose", "off", "alarms", "off")),
            InstantSource.system())) {
      assertThat(rt.firehose()).isNull();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipelineResources.on(rt).create())
          .hasMessageContaining("firehose=off");
    }
  }

  @Test
  void firehoseSetting_otherThanOnOrOff_failsTheStartNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                LocalRuntime.start(
                    LocalSettings.forTests(dataDir)
                        .withOptions(Map.of("firehose", "maybe", "alarms", "off")),
                    InstantSource.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firehose must be on or off, was 'maybe'");
  }
}
