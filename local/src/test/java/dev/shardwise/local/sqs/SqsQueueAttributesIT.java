package dev.shardwise.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.metrics.MetricSink;
import dev.shardwise.local.server.LocalServer;
import dev.shardwise.local.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Queue attributes through the SDK v2 {@code SqsClient}: what each does, their validation and error
 * codes, and that they survive a restart. The clock is moved by hand: nothing sleeps.
 */
class SqsQueueAttributesIT {
  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
  private SqsService sqs;

  @BeforeEach
  void setUp() throws Exception {
    sqs = new SqsService(dir, clock, MetricSink.NONE);
  }

  private interface SdkTest {
    void run(SqsClient c) throws Exception;
  }

  private void withClient(SdkTest test) throws Exception {
    try (LocalServer server =
            LocalServer.builder()
                .port(0)
                .build()
                .register(sqs)
                .rest("sqs", new SqsQueryProtocol(sqs))
                .start();
        SqsClient c =
            SqsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      test.run(c);
    }
  }

  private static String arn(SqsClient c, String url) {
    return c.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private static List<Message> receive(SqsClient c, String url) {
    return c.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(10)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages();
  }

  @Test
  void redrivePolicy_aMessageReceivedMoreThanMaxReceiveCountTimes_movesToTheDeadLetterQueue()
      throws Exception {
    withClient(
        c -> {
          // GIVEN a queue whose dead-letter queue takes messages after 2 receives
          String dlq = c.createQueue(b -> b.queueName("failures-dlq")).queueUrl();
          String policy =
              "{\"deadLetterTargetArn\":\"" + arn(c, dlq) + "\",\"maxReceiveCount\":\"2\"}";
          String url =
              c.createQueue(
                      b ->
                          b.queueName("failures")
                              .attributes(
                                  Map.of(
                                      QueueAttributeName.REDRIVE_POLICY,
                                      policy,
                                      QueueAttributeName.VISIBILITY_TIMEOUT,
                                      "60")))
                  .queueUrl();
          String id = c.sendMessage(b -> b.queueUrl(url).messageBody("batch 1")).messageId();

          // WHEN it is received twice and never deleted (each time its visibility timeout passes)
          for (int i = 1; i <= 2; i++) {
            List<Message> got = receive(c, url);
            assertThat(got).extracting(Message::messageId).containsExactly(id);
            assertThat(got.get(0).attributes())
                .containsEntry(
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(i));
            assertThat(receive(c, url)).as("hidden for the visibility timeout").isEmpty();
            clock.advance(Duration.ofSeconds(60));
          }

          // THEN the third receive finds nothing: the message is in the dead-letter queue
          assertThat(receive(c, url)).isEmpty();
          List<Message> dead = receive(c, dlq);
          assertThat(dead).extracting(Message::messageId).containsExactly(id);
          assertThat(dead).extracting(Message::body).containsExactly("batch 1");
          assertThat(
                  c.getQueueAttributes(
                          b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                      .attributes())
              .containsEntry(
                  QueueAttributeName.REDRIVE_POLICY,
                  "{\"deadLetterTargetArn\":\"" + arn(c, dlq) + "\",\"maxReceiveCount\":2}");
        });
  }

  @Test
  void redrivePolicy_aMessageDeletedBeforeMaxReceiveCount_staysOutOfTheDeadLetterQueue()
      throws Exception {
    withClient(
        c -> {
          String dlq = c.createQueue(b -> b.queueName("dlq")).queueUrl();
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(
                                  Map.of(
                                      QueueAttributeName.REDRIVE_POLICY,
                                      "{\"deadLetterTargetArn\":\""
                                          + arn(c, dlq)
                                          + "\",\"maxReceiveCount\":1}")))
                  .queueUrl();
          c.sendMessage(b -> b.queueUrl(url).messageBody("ok"));
          Message m = receive(c, url).get(0);
          c.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
          clock.advance(Duration.ofSeconds(31));
          assertThat(receive(c, url)).isEmpty();
          assertThat(receive(c, dlq)).isEmpty();
        });
  }

  @Test
  void visibilityTimeout_ofTheQueue_isTheDefaultOfReceiveMessage() throws Exception {
    withClient(
        c -> {
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")))
                  .queueUrl();
          c.sendMessage(b -> b.queueUrl(url).messageBody("m"));
          assertThat(receive(c, url)).hasSize(1);
          clock.advance(Duration.ofSeconds(4));
          assertThat(receive(c, url)).isEmpty();
          clock.advance(Duration.ofSeconds(1));
          assertThat(receive(c, url)).hasSize(1);

          // a change applies to the next receive
          c.setQueueAttributes(
              b ->
                  b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "100")));
          clock.advance(Duration.ofSeconds(5));
          assertThat(receive(c, url)).hasSize(1);
          clock.advance(Duration.ofSeconds(99));
          assertThat(receive(c, url)).isEmpty();
        });
  }

  @Test
  void delaySeconds_ofTheQueue_delaysEveryMessageThatNamesNoDelay() throws Exception {
    withClient(
        c -> {
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "10")))
                  .queueUrl();
          c.sendMessage(b -> b.queueUrl(url).messageBody("delayed"));
          c.sendMessage(b -> b.queueUrl(url).messageBody("now").delaySeconds(0));
          assertThat(receive(c, url)).extracting(Message::body).containsExactly("now");
          assertThat(
                  c.getQueueAttributes(
                          b ->
                              b.queueUrl(url)
                                  .attributeNames(
                                      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                      .attributes())
              .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1");
          clock.advance(Duration.ofSeconds(10));
          assertThat(receive(c, url)).extracting(Message::body).containsExactly("delayed");
        });
  }

  @Test
  void messageRetentionPeriod_deletesMessagesOlderThanIt() throws Exception {
    withClient(
        c -> {
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(
                                  Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")))
                  .queueUrl();
          c.sendMessage(b -> b.queueUrl(url).messageBody("old"));
          clock.advance(Duration.ofSeconds(30));
          c.sendMessage(b -> b.queueUrl(url).messageBody("young"));
          clock.advance(Duration.ofSeconds(30));
          assertThat(receive(c, url)).extracting(Message::body).containsExactly("young");
          assertThat(sqs.visibleMessages("q")).isZero();
        });
  }

  @Test
  void receiveMessageWaitTimeSeconds_ofTheQueue_makesReceivesLongPolls() throws Exception {
    withClient(
        c -> {
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(
                                  Map.of(
                                      QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "1")))
                  .queueUrl();
          // an empty queue: the receive waits (real time) the queue's 1 s before answering
          long start = System.nanoTime();
          assertThat(receive(c, url)).isEmpty();
          assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(900_000_000L);
          // a message sent during the wait ends it early
          Thread sender =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      return;
                    }
                    sqs.send("q", "arrived");
                  });
          sender.start();
          c.setQueueAttributes(
              b ->
                  b.queueUrl(url)
                      .attributes(
                          Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20")));
          assertThat(receive(c, url)).extracting(Message::body).containsExactly("arrived");
          sender.join();
        });
  }

  @Test
  void getQueueAttributes_all_reflectsWhatWasSet() throws Exception {
    withClient(
        c -> {
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(
                                  Map.of(
                                      QueueAttributeName.VISIBILITY_TIMEOUT, "120",
                                      QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
                  .queueUrl();
          clock.advance(Duration.ofSeconds(5));
          c.setQueueAttributes(
              b ->
                  b.queueUrl(url)
                      .attributes(
                          Map.of(
                              QueueAttributeName.DELAY_SECONDS, "3",
                              QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "2")));
          Map<QueueAttributeName, String> a =
              c.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                  .attributes();
          assertThat(a)
              .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "120")
              .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")
              .containsEntry(QueueAttributeName.DELAY_SECONDS, "3")
              .containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "2")
              .containsEntry(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262144")
              .containsEntry(
                  QueueAttributeName.CREATED_TIMESTAMP,
                  Long.toString(clock.instant().minusSeconds(5).getEpochSecond()))
              .containsEntry(
                  QueueAttributeName.LAST_MODIFIED_TIMESTAMP,
                  Long.toString(clock.instant().getEpochSecond()))
              .doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
        });
  }

  @Test
  void badValues_failWithSqsErrorCodes() throws Exception {
    withClient(
        c -> {
          String url = c.createQueue(b -> b.queueName("q")).queueUrl();
          record Case(QueueAttributeName name, String value, String code, String message) {}
          String missingDlq =
              "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nope\","
                  + "\"maxReceiveCount\":3}";
          String dlqArn = arn(c, c.createQueue(b -> b.queueName("dlq")).queueUrl());
          List<Case> cases =
              List.of(
                  new Case(
                      QueueAttributeName.VISIBILITY_TIMEOUT,
                      "43201",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter VisibilityTimeout."),
                  new Case(
                      QueueAttributeName.VISIBILITY_TIMEOUT,
                      "ten",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter VisibilityTimeout."),
                  new Case(
                      QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                      "59",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter MessageRetentionPeriod."),
                  new Case(
                      QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                      "1209601",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter MessageRetentionPeriod."),
                  new Case(
                      QueueAttributeName.DELAY_SECONDS,
                      "901",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter DelaySeconds."),
                  new Case(
                      QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                      "21",
                      "InvalidAttributeValue",
                      "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."),
                  new Case(
                      QueueAttributeName.REDRIVE_POLICY,
                      missingDlq,
                      "InvalidParameterValue",
                      "Value "
                          + missingDlq
                          + " for parameter RedrivePolicy is invalid. Reason: Dead letter target"
                          + " does not exist."),
                  new Case(
                      QueueAttributeName.REDRIVE_POLICY,
                      "{\"maxReceiveCount\":3}",
                      "InvalidParameterValue",
                      "Value {\"maxReceiveCount\":3} for parameter RedrivePolicy is invalid."
                          + " Reason: Redrive policy does not contain mandatory attribute:"
                          + " deadLetterTargetArn."),
                  new Case(
                      QueueAttributeName.REDRIVE_POLICY,
                      "{\"deadLetterTargetArn\":\"" + dlqArn + "\"}",
                      "InvalidParameterValue",
                      "Reason: Redrive policy does not contain mandatory attribute:"
                          + " maxReceiveCount."),
                  new Case(
                      QueueAttributeName.REDRIVE_POLICY,
                      "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1001}",
                      "InvalidParameterValue",
                      "Reason: Invalid value for maxReceiveCount: 1001, valid values are from 1 to"
                          + " 1000 both inclusive."),
                  new Case(
                      QueueAttributeName.REDRIVE_POLICY,
                      "not json",
                      "InvalidParameterValue",
                      "Reason: Redrive policy is not a valid JSON map."));
          for (Case k : cases) {
            // the same validation on SetQueueAttributes and on CreateQueue
            assertThatThrownBy(
                    () ->
                        c.setQueueAttributes(
                            b -> b.queueUrl(url).attributes(Map.of(k.name(), k.value()))))
                .as("%s=%s", k.name(), k.value())
                .isInstanceOfSatisfying(
                    SqsException.class,
                    e -> {
                      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(k.code());
                      assertThat(e.awsErrorDetails().errorMessage()).contains(k.message());
                      assertThat(e.statusCode()).isEqualTo(400);
                    });
            assertThatThrownBy(
                    () ->
                        c.createQueue(
                            b -> b.queueName("new").attributes(Map.of(k.name(), k.value()))))
                .as("create %s=%s", k.name(), k.value())
                .isInstanceOfSatisfying(
                    SqsException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(k.code()));
          }
          assertThat(c.listQueues().queueUrls()).noneMatch(u -> u.endsWith("/new"));
          assertThatThrownBy(
                  () ->
                      c.setQueueAttributes(
                          b -> b.queueUrl(url).attributesWithStrings(Map.of("Colour", "red"))))
              .isInstanceOfSatisfying(
                  SqsException.class,
                  e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
                    assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Unknown Attribute Colour.");
                  });
          // nothing changed
          assertThat(
                  c.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                      .attributes())
              .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30")
              .doesNotContainKey(QueueAttributeName.REDRIVE_POLICY);
        });
  }

  @Test
  void createQueue_again_withTheSameAttributesReturnsTheUrl_withOthersFails() throws Exception {
    withClient(
        c -> {
          String dlqArn = arn(c, c.createQueue(b -> b.queueName("dlq")).queueUrl());
          Map<QueueAttributeName, String> attributes =
              Map.of(
                  QueueAttributeName.REDRIVE_POLICY,
                  "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}");
          String url = c.createQueue(b -> b.queueName("q").attributes(attributes)).queueUrl();
          assertThat(c.createQueue(b -> b.queueName("q").attributes(attributes)).queueUrl())
              .isEqualTo(url);
          // the policy compares as parsed: 5 and "5" are the same value
          assertThat(
                  c.createQueue(
                          b ->
                              b.queueName("q")
                                  .attributes(
                                      Map.of(
                                          QueueAttributeName.REDRIVE_POLICY,
                                          "{\"maxReceiveCount\":5,\"deadLetterTargetArn\":\""
                                              + dlqArn
                                              + "\"}")))
                      .queueUrl())
              .isEqualTo(url);
          assertThatThrownBy(
                  () ->
                      c.createQueue(
                          b ->
                              b.queueName("q")
                                  .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "31"))))
              .isInstanceOf(QueueNameExistsException.class)
              .hasMessageContaining("different value for attribute VisibilityTimeout");
        });
  }

  @Test
  void attributes_andRedrive_surviveARestart() throws Exception {
    withClient(
        c -> {
          String dlq = c.createQueue(b -> b.queueName("dlq")).queueUrl();
          String url =
              c.createQueue(
                      b ->
                          b.queueName("q")
                              .attributes(
                                  Map.of(
                                      QueueAttributeName.VISIBILITY_TIMEOUT,
                                      "10",
                                      QueueAttributeName.REDRIVE_POLICY,
                                      "{\"deadLetterTargetArn\":\""
                                          + arn(c, dlq)
                                          + "\",\"maxReceiveCount\":1}")))
                  .queueUrl();
          c.sendMessage(b -> b.queueUrl(url).messageBody("m"));
          assertThat(receive(c, url)).hasSize(1);
        });
    sqs = new SqsService(dir, clock, MetricSink.NONE);
    clock.advance(Duration.ofSeconds(10));
    withClient(
        c -> {
          String url = c.getQueueUrl(b -> b.queueName("q")).queueUrl();
          assertThat(
                  c.getQueueAttributes(
                          b ->
                              b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                      .attributes())
              .containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "10");
          assertThat(receive(c, url)).isEmpty();
          String dlq = c.getQueueUrl(b -> b.queueName("dlq")).queueUrl();
          assertThat(receive(c, dlq)).extracting(Message::body).containsExactly("m");
        });
  }
}
