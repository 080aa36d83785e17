package dev.shardwise.local.sqs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The settable attributes of a standard queue, as SQS validates them: {@code DelaySeconds} (0–900,
 * default 0), {@code MaximumMessageSize} (1,024–1,048,576, default 262,144), {@code
 * MessageRetentionPeriod} (60–1,209,600 s, default 345,600), {@code ReceiveMessageWaitTimeSeconds}
 * (0–20, default 0), {@code VisibilityTimeout} (0–43,200 s, default 30) and {@code RedrivePolicy}
 * ({@code deadLetterTargetArn} of an existing queue, {@code maxReceiveCount} 1–1,000; empty removes
 * it). Other attributes SQS knows (policies, encryption, FIFO settings) are accepted and kept as
 * given, without effect. Immutable.
 */
public record QueueAttributes(
    int delaySeconds,
    int maximumMessageSize,
    int messageRetentionPeriod,
    int receiveMessageWaitTimeSeconds,
    int visibilityTimeout,
    RedrivePolicy redrivePolicy,
    Map<String, String> others) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where messages received more than {@code maxReceiveCount} times go. */
  public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {
    /** The queue name at the end of the ARN. */
    public String deadLetterQueueName() {
      return deadLetterTargetArn.substring(deadLetterTargetArn.lastIndexOf(':') + 1);
    }

    /** As GetQueueAttributes returns it. */
    public String json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("deadLetterTargetArn", deadLetterTargetArn);
      n.put("maxReceiveCount", maxReceiveCount);
      return n.toString();
    }
  }

  /** Attributes accepted and stored, but without effect locally. */
  private static final Set<String> INERT =
      Set.of(
          "Policy",
          "RedriveAllowPolicy",
          "KmsMasterKeyId",
          "KmsDataKeyReusePeriodSeconds",
          "SqsManagedSseEnabled");

  /** Attributes only FIFO queues have (this SQS serves standard queues). */
  private static final Set<String> FIFO =
      Set.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

  public static final QueueAttributes DEFAULTS =
      new QueueAttributes(0, 262_144, 345_600, 0, 30, null, Map.of());

  public QueueAttributes {
    others = Map.copyOf(others);
  }

  /**
   * These attributes with {@code given} applied over them, validated as SQS does.
   *
   * @param queueExists whether a queue of that name exists (the dead-letter target must)
   * @throws AwsServiceException {@code InvalidAttributeName} for an unknown name, {@code
   *     InvalidAttributeValue} for a number out of range, {@code InvalidParameterValue} for a bad
   *     redrive policy
   */
  public QueueAttributes with(Map<String, String> given, Predicate<String> queueExists)
      throws AwsServiceException {
    int delay = delaySeconds;
    int maxSize = maximumMessageSize;
    int retention = messageRetentionPeriod;
    int wait = receiveMessageWaitTimeSeconds;
    int visibility = visibilityTimeout;
    RedrivePolicy redrive = redrivePolicy;
    Map<String, String> kept = new LinkedHashMap<>(others);
    for (Map.Entry<String, String> e : given.entrySet()) {
      String name = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      switch (name) {
        case "DelaySeconds" -> delay = number(name, value, 0, 900);
        case "MaximumMessageSize" -> maxSize = number(name, value, 1024, 1_048_576);
        case "MessageRetentionPeriod" -> retention = number(name, value, 60, 1_209_600);
        case "ReceiveMessageWaitTimeSeconds" -> wait = number(name, value, 0, 20);
        case "VisibilityTimeout" -> visibility = number(name, value, 0, 43_200);
        case "RedrivePolicy" -> redrive = value.isEmpty() ? null : redrive(value, queueExists);
        default -> {
          if (FIFO.contains(name)) {
            if (name.equals("FifoQueue") && value.equalsIgnoreCase("false")) {
              continue;
            }
            throw new AwsServiceException(
                "com.amazonaws.sqs#InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
          }
          if (!INERT.contains(name)) {
            throw new AwsServiceException(
                "com.amazonaws.sqs#InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
          }
          kept.put(name, value);
        }
      }
    }
    return new QueueAttributes(delay, maxSize, retention, wait, visibility, redrive, kept);
  }

  /**
   * The first attribute in {@code given} whose value differs from these attributes' (CreateQueue on
   * an existing queue fails with it), or {@code null}. Values compare as parsed, so {@code "5"} and
   * {@code 5} in a redrive policy are the same.
   */
  public String firstDifference(Map<String, String> given, Predicate<String> queueExists)
      throws AwsServiceException {
    for (Map.Entry<String, String> e : given.entrySet()) {
      QueueAttributes changed = with(Map.of(e.getKey(), e.getValue()), queueExists);
      if (!changed.equals(this)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Every attribute with its value, as GetQueueAttributes shows them. */
  public Map<String, String> asStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("DelaySeconds", Integer.toString(delaySeconds));
    out.put("MaximumMessageSize", Integer.toString(maximumMessageSize));
    out.put("MessageRetentionPeriod", Integer.toString(messageRetentionPeriod));
    out.put("ReceiveMessageWaitTimeSeconds", Integer.toString(receiveMessageWaitTimeSeconds));
    out.put("VisibilityTimeout", Integer.toString(visibilityTimeout));
    if (redrivePolicy != null) {
      out.put("RedrivePolicy", redrivePolicy.json());
    }
    out.putAll(others);
    return out;
  }

  /** Whether SQS knows the attribute name (GetQueueAttributes refuses unknown names). */
  public static boolean known(String name) {
    return INERT.contains(name)
        || FIFO.contains(name)
        || DEFAULTS.asStrings().containsKey(name)
        || name.equals("RedrivePolicy");
  }

  private static int number(String name, String value, int min, int max)
      throws AwsServiceException {
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw invalidValue(name);
    }
    if (v < min || v > max) {
      throw invalidValue(name);
    }
    return (int) v;
  }

  private static AwsServiceException invalidValue(String name) {
    return new AwsServiceException(
        "com.amazonaws.sqs#InvalidAttributeValue",
        400,
        "Invalid value for the parameter " + name + ".");
  }

  private static RedrivePolicy redrive(String value, Predicate<String> queueExists)
      throws AwsServiceException {
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalidRedrive(value, "Redrive policy is not a valid JSON map.");
    }
    if (n == null || !n.isObject()) {
      throw invalidRedrive(value, "Redrive policy is not a valid JSON map.");
    }
    JsonNode arn = n.get("deadLetterTargetArn");
    JsonNode count = n.get("maxReceiveCount");
    if (arn == null || !arn.isTextual()) {
      throw invalidRedrive(
          value, "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
    }
    if (count == null || count.isNull()) {
      throw invalidRedrive(
          value, "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
    }
    long c;
    try {
      c = count.isNumber() ? count.asLong() : Long.parseLong(count.asText().trim());
    } catch (NumberFormatException e) {
      c = Long.MIN_VALUE;
    }
    if (c < 1 || c > 1000 || (count.isNumber() && !count.canConvertToExactIntegral())) {
      throw invalidRedrive(
          value,
          "Invalid value for maxReceiveCount: "
              + count.asText()
              + ", valid values are from 1 to 1000 both inclusive.");
    }
    String[] parts = arn.asText().split(":", -1);
    if (parts.length != 6
        || !parts[0].equals("arn")
        || !parts[2].equals("sqs")
        || !queueExists.test(parts[5])) {
      throw invalidRedrive(value, "Dead letter target does not exist.");
    }
    return new RedrivePolicy(arn.asText(), (int) c);
  }

  private static AwsServiceException invalidRedrive(String value, String reason) {
    return new AwsServiceException(
        "com.amazonaws.sqs#InvalidParameterValue",
        400,
        "Value " + value + " for parameter RedrivePolicy is invalid. Reason: " + reason);
  }
}
