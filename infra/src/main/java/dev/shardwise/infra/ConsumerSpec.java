package dev.shardwise.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;

/**
 * What the consumer Lambda is, as the shared definitions and the consumer module say: its name and
 * handler, its jar, its environment (the {@code ConsumerConfig} variables), the on-failure queue's
 * name, and its event source mapping (built around the on-failure destination the stack creates).
 *
 * @param functionName the function's name (the mapping definition's {@code FunctionName})
 * @param handler {@code class::method} or the class of a {@code RequestHandler}
 * @param jar the shaded jar
 * @param environment environment variables, names as {@code ConsumerConfig} reads them
 * @param stateBucketVariable the variable that names the state bucket; the stack sets it to the
 *     bucket it creates
 * @param statePrefix the key prefix of the detector state objects in the state bucket
 * @param failureQueueName the on-failure SQS queue (the mapping's {@code DestinationConfig})
 * @param mapping the event source mapping's settings, given its on-failure destination
 */
public record ConsumerSpec(
    String functionName,
    String handler,
    Path jar,
    Map<String, String> environment,
    String stateBucketVariable,
    String statePrefix,
    String failureQueueName,
    Function<IEventSourceDlq, KinesisEventSourceProps> mapping) {

  public ConsumerSpec {
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(stateBucketVariable, "stateBucketVariable");
    Objects.requireNonNull(statePrefix, "statePrefix");
    Objects.requireNonNull(failureQueueName, "failureQueueName");
    Objects.requireNonNull(mapping, "mapping");
    environment = Map.copyOf(environment);
  }
}
