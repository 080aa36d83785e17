package dev.shardwise.infra;

import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * An SQS on-failure destination that grants nothing by itself: CDK's {@code SqsDlq} grants the
 * function's role {@code kms:GenerateDataKey*} and {@code kms:ReEncrypt*} on the queue's key; the
 * consumer's policy grants the exact actions instead ({@link ConsumerFunction}).
 */
final class QueueDestination implements IEventSourceDlq {
  private final IQueue queue;

  QueueDestination(IQueue queue) {
    this.queue = queue;
  }

  @Override
  public DlqDestinationConfig bind(IEventSourceMapping target, IFunction function) {
    return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
  }
}
