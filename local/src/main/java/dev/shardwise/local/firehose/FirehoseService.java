package dev.shardwise.local.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.InvalidDefinitionException;
import dev.shardwise.local.firehose.internal.Descriptions;
import dev.shardwise.local.firehose.internal.Incoming;
import dev.shardwise.local.firehose.internal.StreamState;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.JsonService;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The local Firehose: the {@code Firehose_20150804} JSON 1.1 API over delivery streams that buffer,
 * partition, convert and deliver into the local S3 store like Firehose does. Register it on the
 * {@code LocalServer}; call {@link #tick()} periodically (interval flushes, Kinesis polling) and
 * {@link #close()} at shutdown (delivers everything buffered).
 *
 * <p>Operations: {@code CreateDeliveryStream}, {@code DescribeDeliveryStream}, {@code
 * ListDeliveryStreams}, {@code DeleteDeliveryStream}, {@code PutRecord}, {@code PutRecordBatch}.
 * Thread-safe.
 */
public final class FirehoseService implements JsonService, AutoCloseable {
  static final int MAX_BATCH_RECORDS = 500;
  static final int MAX_RECORD_BYTES = 1_024_000;
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

  private final StreamFactory factory;
  private final FaultInjector faults;

  /** Serializes the Kinesis sources' readers: {@link #tick} and {@link #flushAll}. */
  private final Object sourceLock = new Object();

  private final FirehoseMetrics metrics;
  private final java.time.InstantSource clock;
  private final RecordIds recordIds;
  private final TreeMap<String, StreamState> streams = new TreeMap<>();

  FirehoseService(StreamFactory factory, FaultInjector faults, RecordIds ids) {
    this.factory = factory;
    this.faults = faults;
    this.metrics = factory.metrics();
    this.clock = factory.clock();
    this.recordIds = ids;
  }

  public static FirehoseServiceBuilder builder() {
    return new FirehoseServiceBuilder();
  }

  @Override
  public String targetPrefix() {
    return "Firehose_20150804";
  }

  /** The fault hooks of this service (tests). */
  public FaultInjector faults() {
    return faults;
  }

  @Override
  public ObjectNode handle(JsonRequest req) throws AwsServiceException {
    return switch (req.operation()) {
      case "CreateDeliveryStream" -> create(req);
      case "DescribeDeliveryStream" -> Descriptions.describe(req, stream(name(req)));
      case "ListDeliveryStreams" -> list(req);
      case "DeleteDeliveryStream" -> delete(req);
      case "PutRecord" -> putRecord(req);
      case "PutRecordBatch" -> putRecordBatch(req);
      default -> throw AwsServiceException.unknownOperation(req.operation());
    };
  }

  /** Creates a delivery stream from a definition (the runtime's path; same as the API's). */
  public String create(DeliveryStreamDefinition d) throws AwsServiceException {
    synchronized (streams) {
      if (streams.containsKey(d.deliveryStreamName())) {
        throw AwsServiceException.resourceInUse(
            "Firehose stream "
                + d.deliveryStreamName()
                + " under account "
                + factory.config().accountId()
                + " already exists.");
      }
      StreamState s = factory.build(d);
      streams.put(d.deliveryStreamName(), s);
      return s.arn();
    }
  }

  private ObjectNode create(JsonRequest req) throws AwsServiceException {
    name(req);
    DeliveryStreamDefinition d;
    try {
      d = DeliveryStreamDefinitions.parse("CreateDeliveryStream", req.body().toString());
    } catch (InvalidDefinitionException e) {
      throw AwsServiceException.invalidArgument(e.field() + ": " + e.problem());
    }
    ObjectNode out = req.newResponse();
    out.put("DeliveryStreamARN", create(d));
    return out;
  }

  private ObjectNode list(JsonRequest req) throws AwsServiceException {
    int limit = req.optionalInt("Limit", 10);
    if (limit < 1 || limit > 10000) {
      throw JsonRequest.constraint("Limit", limit, "Member must have value between 1 and 10000");
    }
    String type = req.optionalString("DeliveryStreamType");
    String after = req.optionalString("ExclusiveStartDeliveryStreamName");
    ObjectNode out = req.newResponse();
    ArrayNode names = out.putArray("DeliveryStreamNames");
    boolean more = false;
    synchronized (streams) {
      for (StreamState s : (after == null ? streams : streams.tailMap(after, false)).values()) {
        if (type != null
            && !type.equals(
                s.definition().kinesisSource() ? "KinesisStreamAsSource" : "DirectPut")) {
          continue;
        }
        if (names.size() == limit) {
          more = true;
          break;
        }
        names.add(s.definition().deliveryStreamName());
      }
    }
    out.put("HasMoreDeliveryStreams", more);
    return out;
  }

  private ObjectNode delete(JsonRequest req) throws AwsServiceException {
    String name = name(req);
    StreamState s;
    synchronized (streams) {
      s = streams.remove(name);
    }
    if (s == null) {
      throw notFound(name);
    }
    factory.destroy(s);
    return req.newResponse();
  }

  private ObjectNode putRecord(JsonRequest req) throws AwsServiceException {
    String name = name(req);
    ObjectNode record = req.optionalObject("Record");
    if (record == null) {
      throw JsonRequest.missing("Record");
    }
    byte[] data = JsonRequest.blob(record, "Data", true);
    checkSize(data, "record.data");
    StreamState s = directPutStream(name);
    faults.beforeCall();
    ingest(s, List.of(data));
    ObjectNode out = req.newResponse();
    out.put("RecordId", recordIds.next());
    out.put("Encrypted", false);
    return out;
  }

  private ObjectNode putRecordBatch(JsonRequest req) throws AwsServiceException {
    String name = name(req);
    ArrayNode records = req.requiredArray("Records");
    if (records.isEmpty()) {
      throw JsonRequest.constraint(
          "Records", "[]", "Member must have length greater than or equal to 1");
    }
    if (records.size() > MAX_BATCH_RECORDS) {
      throw JsonRequest.constraint(
          "Records",
          "[" + records.size() + " records]",
          "Member must have length less than or equal to 500");
    }
    List<byte[]> data = new ArrayList<>(records.size());
    long total = 0;
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      if (!r.isObject()) {
        throw AwsServiceException.serialization(
            "Unexpected value type for member Records: expected a list of structures.");
      }
      byte[] d = JsonRequest.blob(r, "Data", true);
      checkSize(d, "records." + (i + 1) + ".member.data");
      data.add(d);
      total += d.length;
    }
    if (total > MAX_BATCH_BYTES) {
      throw AwsServiceException.invalidArgument("Records size exceeds 4 MB limit");
    }
    StreamState s = directPutStream(name);
    faults.beforeCall();
    String[] errors = new String[data.size()];
    List<byte[]> accepted = new ArrayList<>(data.size());
    int failed = 0;
    for (int i = 0; i < data.size(); i++) {
      errors[i] = faults.recordError();
      if (errors[i] == null) {
        accepted.add(data.get(i));
      } else {
        failed++;
      }
    }
    if (failed > 0) {
      metrics.record(
          name, FirehoseMetrics.THROTTLED_RECORDS, failed, FirehoseMetrics.COUNT, clock.instant());
    }
    ingest(s, accepted);
    ObjectNode out = req.newResponse();
    out.put("FailedPutCount", failed);
    out.put("Encrypted", false);
    ArrayNode responses = out.putArray("RequestResponses");
    for (String error : errors) {
      ObjectNode r = responses.addObject();
      if (error == null) {
        r.put("RecordId", recordIds.next());
      } else {
        r.put("ErrorCode", error);
        r.put(
            "ErrorMessage",
            error.equals("InternalFailure") ? "Internal service failure." : "Slow down.");
      }
    }
    return out;
  }

  /** Spills, then buffers; answers throttling when the buffers are full. */
  private void ingest(StreamState s, List<byte[]> data) throws AwsServiceException {
    if (data.isEmpty()) {
      return;
    }
    String name = s.definition().deliveryStreamName();
    long bytes = 0;
    for (byte[] d : data) {
      bytes += d.length;
    }
    Instant now = clock.instant();
    if (!factory.budget().tryReserve(bytes)) {
      metrics.record(
          name, FirehoseMetrics.THROTTLED_RECORDS, data.size(), FirehoseMetrics.COUNT, now);
      throw AwsServiceException.serviceUnavailable("Slow down.");
    }
    List<Incoming.Ack> acks;
    try {
      acks = s.spill().append(data, now.toEpochMilli());
    } catch (IOException e) {
      factory.budget().release(bytes);
      throw AwsServiceException.internalFailure("Cannot persist the records: " + e.getMessage());
    }
    List<Incoming> incoming = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      incoming.add(Incoming.directPut(data.get(i), now.toEpochMilli(), acks.get(i)));
    }
    s.pipeline().ingest(incoming);
    metrics.record(name, FirehoseMetrics.INCOMING_RECORDS, data.size(), FirehoseMetrics.COUNT, now);
    metrics.record(name, FirehoseMetrics.INCOMING_BYTES, bytes, FirehoseMetrics.BYTES, now);
  }

  /**
   * Interval flushes, delivery retries and one polling round of every Kinesis source. Never runs at
   * the same time as {@link #flushAll} (one waits for the other).
   */
  public void tick() {
    synchronized (sourceLock) {
      for (StreamState s : snapshot()) {
        if (s.kinesis() != null) {
          // buffers whose interval passed go first: a long poll must not delay their delivery
          s.pipeline().tick();
          s.kinesis().poll();
        }
        s.pipeline().tick();
        if (s.kinesis() != null) {
          s.kinesis().saveCheckpoints();
        }
      }
    }
  }

  /**
   * Reads every Kinesis source up to its end, delivers everything buffered and waits for it.
   *
   * @return true when everything was delivered (no delivery left failing)
   */
  public boolean flushAll() throws InterruptedException {
    // A tick on another thread must not read a source at the same time: its GetRecords could
    // return records this drain then misses (read 0, so "caught up") and ingest them after the
    // flush below, leaving them buffered until the next interval (found by the reliability suite:
    // events missing from S3 after a drain across a reshard).
    synchronized (sourceLock) {
      boolean ok = true;
      for (StreamState s : snapshot()) {
        if (s.kinesis() != null) {
          s.kinesis().drain();
        }
        ok &= s.pipeline().flush();
        if (s.kinesis() != null) {
          s.kinesis().saveCheckpoints();
        }
      }
      return ok;
    }
  }

  /** Names of the delivery streams, in order. */
  public List<String> names() {
    synchronized (streams) {
      return List.copyOf(streams.keySet());
    }
  }

  /** Delivers everything buffered, then closes the spill files. */
  @Override
  public void close() throws InterruptedException {
    flushAll();
    for (StreamState s : snapshot()) {
      factory.close(s);
    }
  }

  private List<StreamState> snapshot() {
    synchronized (streams) {
      return List.copyOf(streams.values());
    }
  }

  private StreamState stream(String name) throws AwsServiceException {
    synchronized (streams) {
      StreamState s = streams.get(name);
      if (s == null) {
        throw notFound(name);
      }
      return s;
    }
  }

  private StreamState directPutStream(String name) throws AwsServiceException {
    StreamState s = stream(name);
    if (s.definition().kinesisSource()) {
      throw AwsServiceException.invalidArgument(
          "This operation is not permitted on KinesisStreamAsSource Firehose stream type.");
    }
    return s;
  }

  private AwsServiceException notFound(String name) {
    return AwsServiceException.resourceNotFound(
        "Firehose stream "
            + name
            + " under account "
            + factory.config().accountId()
            + " not found.");
  }

  private static String name(JsonRequest req) throws AwsServiceException {
    String name = req.requiredString("DeliveryStreamName");
    if (name.isEmpty() || name.length() > 64 || !NAME.matcher(name).matches()) {
      throw JsonRequest.constraint(
          "DeliveryStreamName",
          name,
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64");
    }
    return name;
  }

  private static void checkSize(byte[] data, String member) throws AwsServiceException {
    if (data.length > MAX_RECORD_BYTES) {
      throw AwsServiceException.validation(
          "1 validation error detected: Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length less than or equal to 1024000");
    }
  }
}
