package dev.shardwise.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.metrics.MetricSink;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.JsonService;
import dev.shardwise.local.sqs.internal.Queue;
import dev.shardwise.local.sqs.internal.QueueAttributes;
import dev.shardwise.local.sqs.internal.QueueFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A minimal local SQS (standard queues) speaking AWS JSON 1.0 with the {@code AmazonSQS} target, so
 * the SDK v2 {@code SqsClient} and {@code aws sqs} work: CreateQueue, GetQueueUrl, ListQueues,
 * SendMessage, ReceiveMessage (short and long polling), DeleteMessage, GetQueueAttributes,
 * SetQueueAttributes and PurgeQueue. Queue URLs are {@code http://<Host
 * header>/000000000000/<name>}.
 *
 * <p>The queue attributes act as in SQS ({@link QueueAttributes}): {@code VisibilityTimeout},
 * {@code DelaySeconds} and {@code ReceiveMessageWaitTimeSeconds} are the defaults of the calls that
 * do not name their own, {@code MessageRetentionPeriod} deletes older messages, {@code
 * MaximumMessageSize} bounds SendMessage, and with a {@code RedrivePolicy} a message received
 * {@code maxReceiveCount} times moves to the dead-letter queue (same id, body and sent time) when
 * it is next due to be received. Time comes from the injected clock (long polling waits in real
 * time).
 *
 * <p>Queues and their messages persist in {@code <data-dir>/.sqs/queues.json}, rewritten atomically
 * after every change (the queues hold on-failure records: few, small messages). Publishes {@code
 * AWS/SQS ApproximateNumberOfMessagesVisible} per queue ({@code QueueName}) at every change.
 * Thread-safe.
 */
public final class SqsService implements JsonService {
  public static final String ACCOUNT = "000000000000";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final String ARN_PREFIX = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":";

  private final InstantSource clock;
  private final MetricSink metrics;
  private final QueueFiles files;
  private final Map<String, Queue> queues = new TreeMap<>();

  /**
   * @param dataDir the runtime's data directory ({@code null}: in memory only)
   */
  public SqsService(Path dataDir, InstantSource clock, MetricSink metrics) throws IOException {
    this.clock = clock;
    this.metrics = metrics;
    this.files = dataDir == null ? null : new QueueFiles(dataDir.resolve(".sqs"));
    if (files != null) {
      for (Queue q : files.load()) {
        queues.put(q.name(), q);
      }
    }
  }

  @Override
  public String targetPrefix() {
    return "AmazonSQS";
  }

  // ---- the in-process API (the event source mapping's on-failure destination) ------------------

  /** Creates the queue if it does not exist. */
  public synchronized void createQueue(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "queue name must be 1-80 of A-Z a-z 0-9 _ - (got '" + name + "')");
    }
    Instant now = clock.instant();
    queues.computeIfAbsent(name, n -> new Queue(n, now, QueueAttributes.DEFAULTS, now));
    save();
  }

  /**
   * Sends a message to an existing queue.
   *
   * @return the message id
   * @throws IllegalArgumentException when the queue does not exist
   */
  public String send(String queueName, String body) {
    Queue q;
    synchronized (this) {
      q = queues.get(queueName);
    }
    if (q == null) {
      throw new IllegalArgumentException("no queue " + queueName);
    }
    String id = UUID.randomUUID().toString();
    q.add(id, body, clock.instant(), Duration.ofSeconds(q.attributes().delaySeconds()));
    changed(q);
    return id;
  }

  /** Messages visible now in a queue (0 when it does not exist). */
  public int visibleMessages(String queueName) {
    Queue q;
    synchronized (this) {
      q = queues.get(queueName);
    }
    return q == null ? 0 : q.visible(clock.instant());
  }

  // ---- the wire API ---------------------------------------------------------------------------

  @Override
  public ObjectNode handle(JsonRequest request) throws AwsServiceException {
    return switch (request.operation()) {
      case "CreateQueue" -> createQueue(request);
      case "GetQueueUrl" -> getQueueUrl(request);
      case "ListQueues" -> listQueues(request);
      case "SendMessage" -> sendMessage(request);
      case "ReceiveMessage" -> receiveMessage(request);
      case "DeleteMessage" -> deleteMessage(request);
      case "GetQueueAttributes" -> getQueueAttributes(request);
      case "SetQueueAttributes" -> setQueueAttributes(request);
      case "PurgeQueue" -> purgeQueue(request);
      default -> throw AwsServiceException.unknownOperation("AmazonSQS." + request.operation());
    };
  }

  private ObjectNode createQueue(JsonRequest r) throws AwsServiceException {
    String name = r.requiredString("QueueName");
    if (!NAME.matcher(name).matches() || name.endsWith(".fifo")) {
      throw error(
          "InvalidParameterValue",
          "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }
    Map<String, String> given = attributeMap(r);
    synchronized (this) {
      Queue existing = queues.get(name);
      if (existing != null) {
        String differs = existing.attributes().firstDifference(given, this::exists);
        if (differs != null) {
          throw error(
              "QueueNameExists",
              "A queue already exists with the same name and a different value for attribute "
                  + differs);
        }
      } else {
        QueueAttributes attributes = QueueAttributes.DEFAULTS.with(given, this::exists);
        Instant now = clock.instant();
        queues.put(name, new Queue(name, now, attributes, now));
        save();
      }
    }
    return r.newResponse().put("QueueUrl", url(r, name));
  }

  private ObjectNode setQueueAttributes(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    if (r.optionalObject("Attributes") == null) {
      throw JsonRequest.missing("Attributes");
    }
    Map<String, String> given = attributeMap(r);
    synchronized (this) {
      q.attributes(q.attributes().with(given, this::exists), clock.instant());
    }
    changed(q);
    return r.newResponse();
  }

  private static Map<String, String> attributeMap(JsonRequest r) throws AwsServiceException {
    ObjectNode attributes = r.optionalObject("Attributes");
    Map<String, String> given = new java.util.LinkedHashMap<>();
    if (attributes != null) {
      for (Map.Entry<String, JsonNode> e :
          (Iterable<Map.Entry<String, JsonNode>>) attributes::fields) {
        given.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
    return given;
  }

  private synchronized boolean exists(String name) {
    return queues.containsKey(name);
  }

  private ObjectNode getQueueUrl(JsonRequest r) throws AwsServiceException {
    String name = r.requiredString("QueueName");
    queue(name);
    return r.newResponse().put("QueueUrl", url(r, name));
  }

  private ObjectNode listQueues(JsonRequest r) throws AwsServiceException {
    String prefix = r.optionalString("QueueNamePrefix");
    int max = r.optionalInt("MaxResults", 1000);
    ObjectNode out = r.newResponse();
    ArrayNode urls = out.putArray("QueueUrls");
    List<String> names;
    synchronized (this) {
      names = List.copyOf(queues.keySet());
    }
    for (String n : names) {
      if ((prefix == null || n.startsWith(prefix)) && urls.size() < max) {
        urls.add(url(r, n));
      }
    }
    if (urls.isEmpty()) {
      out.remove("QueueUrls");
    }
    return out;
  }

  private ObjectNode sendMessage(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    String body = r.requiredString("MessageBody");
    QueueAttributes attributes = q.attributes();
    if (body.isEmpty()
        || body.getBytes(StandardCharsets.UTF_8).length > attributes.maximumMessageSize()) {
      throw error(
          "InvalidParameterValue",
          "One or more parameters are invalid. Reason: Message must be shorter than "
              + attributes.maximumMessageSize()
              + " bytes and not empty.");
    }
    int delay = r.optionalInt("DelaySeconds", attributes.delaySeconds());
    if (delay < 0 || delay > 900) {
      throw error(
          "InvalidParameterValue", "Value " + delay + " for parameter DelaySeconds is invalid.");
    }
    String id = UUID.randomUUID().toString();
    q.add(id, body, clock.instant(), Duration.ofSeconds(delay));
    changed(q);
    return r.newResponse().put("MessageId", id).put("MD5OfMessageBody", md5(body));
  }

  private ObjectNode receiveMessage(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    int max = r.optionalInt("MaxNumberOfMessages", 1);
    if (max < 1 || max > 10) {
      throw error(
          "InvalidParameterValue",
          "Value "
              + max
              + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between"
              + " 1 and 10, if provided.");
    }
    QueueAttributes attributes = q.attributes();
    int visibility = r.optionalInt("VisibilityTimeout", attributes.visibilityTimeout());
    if (visibility < 0 || visibility > 43_200) {
      throw error(
          "InvalidParameterValue",
          "Value "
              + visibility
              + " for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200,"
              + " if provided.");
    }
    int wait = r.optionalInt("WaitTimeSeconds", attributes.receiveMessageWaitTimeSeconds());
    if (wait < 0 || wait > 20) {
      throw error(
          "InvalidParameterValue",
          "Value "
              + wait
              + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
    }
    try {
      q.awaitVisible(clock.instant(), wait * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant now = clock.instant();
    Queue.Receipt receipt = q.receive(max, Duration.ofSeconds(visibility), now);
    deadLetter(q, receipt.deadLettered(), now);
    List<Queue.Received> got = receipt.received();
    boolean withAttributes = wantsAttributes(r);
    ObjectNode out = r.newResponse();
    if (!got.isEmpty()) {
      ArrayNode messages = out.putArray("Messages");
      for (Queue.Received m : got) {
        ObjectNode n = messages.addObject();
        n.put("MessageId", m.id());
        n.put("ReceiptHandle", m.receiptHandle());
        n.put("MD5OfBody", md5(m.body()));
        n.put("Body", m.body());
        if (withAttributes) {
          ObjectNode a = n.putObject("Attributes");
          a.put("SentTimestamp", Long.toString(m.sent().toEpochMilli()));
          a.put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
          a.put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceive().toEpochMilli()));
          a.put("SenderId", ACCOUNT);
        }
      }
      changed(q);
    }
    return out;
  }

  /** Moves messages a receive took out of {@code from} to its dead-letter queue. */
  private void deadLetter(Queue from, List<Queue.Message> moved, Instant now) {
    if (moved.isEmpty()) {
      return;
    }
    QueueAttributes.RedrivePolicy redrive = from.attributes().redrivePolicy();
    Queue dlq;
    synchronized (this) {
      dlq = redrive == null ? null : queues.get(redrive.deadLetterQueueName());
    }
    if (dlq == null) {
      // the target was checked when the policy was set and queues are never deleted here
      throw new IllegalStateException("no dead-letter queue for " + from.name());
    }
    for (Queue.Message m : moved) {
      dlq.addDeadLettered(m, now);
    }
    changed(dlq);
    changed(from);
  }

  private static boolean wantsAttributes(JsonRequest r) throws AwsServiceException {
    for (String member : new String[] {"AttributeNames", "MessageSystemAttributeNames"}) {
      ArrayNode names = r.optionalArray(member);
      if (names != null && names.size() > 0) {
        return true;
      }
    }
    return false;
  }

  private ObjectNode deleteMessage(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    String handle = r.requiredString("ReceiptHandle");
    if (!q.delete(handle)) {
      throw error(
          "ReceiptHandleIsInvalid", "The input receipt handle \"" + handle + "\" is not valid.");
    }
    changed(q);
    return r.newResponse();
  }

  private ObjectNode getQueueAttributes(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    ArrayNode names = r.optionalArray("AttributeNames");
    Set<String> wanted = new java.util.HashSet<>();
    if (names != null) {
      for (JsonNode n : names) {
        wanted.add(n.asText());
      }
    }
    boolean all = wanted.contains("All");
    Instant now = clock.instant();
    Map<String, String> values = new TreeMap<>();
    values.put("ApproximateNumberOfMessages", Integer.toString(q.visible(now)));
    values.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(q.inFlight(now)));
    values.put("ApproximateNumberOfMessagesDelayed", Integer.toString(q.delayed(now)));
    values.put("CreatedTimestamp", Long.toString(q.created().getEpochSecond()));
    values.put("LastModifiedTimestamp", Long.toString(q.lastModified().getEpochSecond()));
    values.put("QueueArn", ARN_PREFIX + q.name());
    values.putAll(q.attributes().asStrings());
    ObjectNode out = r.newResponse();
    ObjectNode attrs = out.putObject("Attributes");
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (all || wanted.contains(e.getKey())) {
        attrs.put(e.getKey(), e.getValue());
      }
    }
    for (String w : wanted) {
      if (!w.equals("All") && !values.containsKey(w) && !QueueAttributes.known(w)) {
        throw error("InvalidAttributeName", "Unknown Attribute " + w + ".");
      }
    }
    return out;
  }

  private ObjectNode purgeQueue(JsonRequest r) throws AwsServiceException {
    Queue q = queue(nameOf(r.requiredString("QueueUrl")));
    q.purge();
    changed(q);
    return r.newResponse();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private synchronized Queue queue(String name) throws AwsServiceException {
    Queue q = queues.get(name);
    if (q == null) {
      throw new AwsServiceException(
          "com.amazonaws.sqs#QueueDoesNotExist", 400, "The specified queue does not exist.");
    }
    return q;
  }

  private static String nameOf(String queueUrl) {
    int slash = queueUrl.lastIndexOf('/');
    return slash < 0 ? queueUrl : queueUrl.substring(slash + 1);
  }

  private static String url(JsonRequest r, String name) {
    String host = r.header("host");
    return "http://" + (host == null ? "127.0.0.1" : host) + "/" + ACCOUNT + "/" + name;
  }

  private static AwsServiceException error(String code, String message) {
    return new AwsServiceException("com.amazonaws.sqs#" + code, 400, message);
  }

  private void changed(Queue q) {
    metrics.put(
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        Map.of("QueueName", q.name()),
        q.visible(clock.instant()),
        "Count",
        clock.instant());
    save();
  }

  private synchronized void save() {
    if (files != null) {
      files.save(queues.values());
    }
  }

  static String md5(String body) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
