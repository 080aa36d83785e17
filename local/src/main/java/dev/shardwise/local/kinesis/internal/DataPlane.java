package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.core.kinesis.HashKeys;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.metrics.MetricSink;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The record operations: PutRecord, PutRecords, GetShardIterator, GetRecords. */
public final class DataPlane {
  public static final int MAX_RECORD_BYTES = 1024 * 1024;
  public static final int MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;
  public static final int MAX_GET_RECORDS_BYTES = 10 * 1024 * 1024;
  public static final long ITERATOR_TTL_MILLIS = 300_000;
  private static final List<String> ITERATOR_TYPES =
      List.of(
          "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");

  private final Streams streams;
  private final KinesisConfig config;
  private final InstantSource clock;
  private final ShardIterators iterators;
  private final Errors errors;
  private final Supplier<String> entryFaults;
  private final MetricSink metrics;

  public DataPlane(
      Streams streams,
      KinesisConfig config,
      InstantSource clock,
      ShardIterators iterators,
      Supplier<String> entryFaults,
      MetricSink metrics) {
    this.streams = streams;
    this.config = config;
    this.clock = clock;
    this.iterators = iterators;
    this.errors = new Errors(config.accountId());
    this.entryFaults = entryFaults;
    this.metrics = metrics;
  }

  /** One datapoint of an {@code AWS/Kinesis} stream metric. */
  private void metric(String stream, String name, double value, String unit, long nowMillis) {
    metrics.put(
        "AWS/Kinesis",
        name,
        Map.of("StreamName", stream),
        value,
        unit,
        Instant.ofEpochMilli(nowMillis));
  }

  /** A put entry, checked. */
  private record Entry(String partitionKey, byte[] data, BigInteger hashKey) {}

  public ObjectNode putRecord(JsonRequest req) throws AwsServiceException {
    String streamName = Args.streamNameOrArn(req, true);
    Entry e = entry(req.body(), "");
    String seqForOrdering = req.optionalString("SequenceNumberForOrdering");
    if (seqForOrdering != null) {
      Args.sequenceNumber("SequenceNumberForOrdering", seqForOrdering);
    }
    long now = clock.millis();
    Stream s = writable(streamName, now);
    long[] positions;
    Shard shard;
    int size = StoredRecord.partitionKeyBytes(e.partitionKey) + e.data.length;
    reserve(s, size, now);
    s.topology.readLock().lock();
    try {
      shard = s.route(e.hashKey);
      positions = shard.append(List.of(stored(e)), now);
    } finally {
      s.topology.readLock().unlock();
    }
    if (positions[0] < 0) {
      s.retainedBytes.addAndGet(-size);
      metric(s.name, "WriteProvisionedThroughputExceeded", 1, "Count", now);
      throw errors.throughput(shard.id, s.name);
    }
    metric(s.name, "IncomingRecords", 1, "Count", now);
    metric(s.name, "IncomingBytes", size, "Bytes", now);
    metric(s.name, "WriteProvisionedThroughputExceeded", 0, "Count", now);
    ObjectNode out = req.newResponse();
    out.put("ShardId", shard.id);
    out.put("SequenceNumber", shard.sequence.format(positions[0]));
    return out;
  }

  public ObjectNode putRecords(JsonRequest req) throws AwsServiceException {
    String streamName = Args.streamNameOrArn(req, true);
    ArrayNode records = req.requiredArray("Records");
    if (records.isEmpty()) {
      throw JsonRequest.constraint(
          "Records", "[]", "Member must have length greater than or equal to 1");
    }
    if (records.size() > 500) {
      throw JsonRequest.constraint(
          "Records",
          "[" + records.size() + " records]",
          "Member must have length less than or equal to 500");
    }
    List<Entry> entries = new ArrayList<>(records.size());
    long total = 0;
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      if (!r.isObject()) {
        throw AwsServiceException.serialization("Unexpected value type in member Records");
      }
      Entry e = entry(r, "records." + (i + 1) + ".member.");
      entries.add(e);
      total += e.data.length + StoredRecord.partitionKeyBytes(e.partitionKey);
    }
    if (total > MAX_PUT_RECORDS_BYTES) {
      throw AwsServiceException.invalidArgument("Records size exceeds 5 MB limit");
    }
    long now = clock.millis();
    Stream s = writable(streamName, now);
    String[] faults = new String[entries.size()];
    Map<Shard, List<Integer>> byShard = new LinkedHashMap<>();
    long[] positions = new long[entries.size()];
    Shard[] shardOf = new Shard[entries.size()];
    reserve(s, total, now);
    long refused = 0;
    s.topology.readLock().lock();
    try {
      for (int i = 0; i < entries.size(); i++) {
        faults[i] = entryFaults.get();
        shardOf[i] = s.route(entries.get(i).hashKey);
        if (faults[i] == null) {
          byShard.computeIfAbsent(shardOf[i], k -> new ArrayList<>()).add(i);
        }
      }
      for (Map.Entry<Shard, List<Integer>> g : byShard.entrySet()) {
        List<StoredRecord> batch = new ArrayList<>(g.getValue().size());
        for (int i : g.getValue()) {
          batch.add(stored(entries.get(i)));
        }
        long[] p = g.getKey().append(batch, now);
        for (int k = 0; k < p.length; k++) {
          positions[g.getValue().get(k)] = p[k];
        }
      }
    } finally {
      s.topology.readLock().unlock();
    }
    String[] codes = new String[entries.size()];
    String[] messages = new String[entries.size()];
    int failed = 0;
    int throttled = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (faults[i] == null && positions[i] < 0) {
        throttled++;
      }
      if (faults[i] != null || positions[i] < 0) {
        Entry e = entries.get(i);
        failed++;
        refused += e.data.length + StoredRecord.partitionKeyBytes(e.partitionKey);
        codes[i] = faults[i] != null ? faults[i] : "ProvisionedThroughputExceededException";
        messages[i] =
            codes[i].equals("InternalFailure")
                ? "Internal service failure."
                : errors.throughputMessage(shardOf[i].id, s.name);
      }
    }
    ObjectNode out = req.newResponse();
    out.put("FailedRecordCount", failed);
    out.set("Records", StreamedPutResults.node(shardOf, positions, codes, messages));
    s.retainedBytes.addAndGet(-refused);
    metric(s.name, "IncomingRecords", entries.size() - failed, "Count", now);
    metric(s.name, "IncomingBytes", total - refused, "Bytes", now);
    metric(s.name, "WriteProvisionedThroughputExceeded", throttled, "Count", now);
    return out;
  }

  private static StoredRecord stored(Entry e) {
    return new StoredRecord(0, e.partitionKey, e.data);
  }

  private Entry entry(JsonNode node, String path) throws AwsServiceException {
    String pk = JsonRequest.string(node, "PartitionKey");
    if (pk == null) {
      throw JsonRequest.missing(path + "partitionKey");
    }
    if (pk.isEmpty() || pk.length() > 256) {
      throw JsonRequest.constraint(
          path + "partitionKey",
          pk,
          pk.isEmpty()
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 256");
    }
    byte[] data = JsonRequest.blob(node, "Data", false);
    if (data == null) {
      throw JsonRequest.missing(path + "data");
    }
    if (data.length > MAX_RECORD_BYTES) {
      throw AwsServiceException.validation(
          "1 validation error detected: Value at '"
              + path
              + "data' failed to satisfy constraint: Member must have length less than or equal"
              + " to 1048576");
    }
    if (data.length + StoredRecord.partitionKeyBytes(pk) > MAX_RECORD_BYTES) {
      throw AwsServiceException.invalidArgument(
          "Record size (data and partition key) exceeds the 1 MiB limit: "
              + (data.length + StoredRecord.partitionKeyBytes(pk))
              + " bytes");
    }
    String ehk = JsonRequest.string(node, "ExplicitHashKey");
    BigInteger hash;
    if (ehk != null) {
      Args.hashKey(path + "ExplicitHashKey", ehk);
      try {
        hash = HashKeys.parseExplicitHashKey(ehk);
      } catch (IllegalArgumentException ex) {
        throw AwsServiceException.invalidArgument(
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]."
                + " Specified value was "
                + ehk);
      }
    } else {
      hash = HashKeys.ofPartitionKey(pk);
    }
    return new Entry(pk, data, hash);
  }

  /** A stream that accepts records now: ACTIVE or UPDATING. */
  private Stream writable(String name, long now) throws AwsServiceException {
    Stream s = streams.find(name, now);
    if (s == null) {
      throw errors.streamNotFound(name);
    }
    String status = s.status(now);
    if (status.equals("CREATING") || status.equals("DELETING")) {
      throw errors.streamNotFound(name);
    }
    return s;
  }

  /** Counts bytes against the stream's cap, trimming expired records first. */
  private void reserve(Stream s, long bytes, long now) throws AwsServiceException {
    trimIfDue(s, now);
    long after = s.retainedBytes.addAndGet(bytes);
    if (after > config.maxRetainedBytesPerStream()) {
      s.retainedBytes.addAndGet(-bytes);
      throw AwsServiceException.limitExceeded(
          "Stream "
              + s.name
              + " would retain "
              + after
              + " bytes, over the local cap of "
              + config.maxRetainedBytesPerStream()
              + " bytes per stream. Raise the setting kinesis.max-retained-bytes-per-stream,"
              + " or lower the stream's retention (DecreaseStreamRetentionPeriod)"
              + " so old records are trimmed.");
    }
  }

  void trimIfDue(Stream s, long now) {
    if (s.trimDue(now)) {
      long cutoff = now - s.retentionMillis();
      for (Shard sh : s.shards()) {
        s.retainedBytes.addAndGet(-sh.trim(cutoff));
      }
    }
  }

  public ObjectNode getShardIterator(JsonRequest req) throws AwsServiceException {
    String streamName = Args.streamNameOrArn(req, true);
    String shardId = Args.shardId("ShardId", req.requiredString("ShardId"));
    String type =
        Args.oneOf("ShardIteratorType", req.requiredString("ShardIteratorType"), ITERATOR_TYPES);
    String startSeq = req.optionalString("StartingSequenceNumber");
    java.time.Instant ts = req.optionalTimestamp("Timestamp");
    long now = clock.millis();
    Stream s = writable(streamName, now);
    Shard shard = s.shard(Shard.indexOf(shardId));
    if (shard == null) {
      throw errors.shardNotFound(shardId, s.name);
    }
    trimIfDue(s, now);
    long position =
        switch (type) {
          case "TRIM_HORIZON" -> shard.trimHorizon();
          case "LATEST" -> shard.endPosition();
          case "AT_TIMESTAMP" -> {
            if (ts == null) {
              throw AwsServiceException.invalidArgument(
                  "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP."
                      + " Current request has no timestamp parameter.");
            }
            yield shard.positionAt(ts.toEpochMilli());
          }
          default -> {
            if (startSeq == null) {
              throw AwsServiceException.invalidArgument(
                  "StartingSequenceNumber must be specified for ShardIteratorType " + type + ".");
            }
            Args.sequenceNumber("StartingSequenceNumber", startSeq);
            SequenceNumbers.Parsed p = SequenceNumbers.parse(startSeq);
            if (p == null || p.epoch() != s.createdMillis || p.shardIndex() != shard.index) {
              throw AwsServiceException.invalidArgument(
                  "Invalid StartingSequenceNumber. It encodes "
                      + (p == null ? "no shard of this stream" : Shard.shardId(p.shardIndex()))
                      + ", while it was used in a call to a shard with "
                      + shardId);
            }
            yield type.equals("AT_SEQUENCE_NUMBER") ? p.position() : p.position() + 1;
          }
        };
    ObjectNode out = req.newResponse();
    out.put(
        "ShardIterator",
        iterators.encode(
            new ShardIterators.Position(s.name, s.createdMillis, shard.index, position, now)));
    return out;
  }

  public ObjectNode getRecords(JsonRequest req) throws AwsServiceException {
    String token = req.requiredString("ShardIterator");
    if (token.isEmpty() || token.length() > 512) {
      throw JsonRequest.constraint(
          "ShardIterator", token, "Member must have length less than or equal to 512");
    }
    Integer limitArg = Args.intInRange(req, "Limit", 1, 10_000);
    int limit = limitArg == null ? 10_000 : limitArg;
    String arnName = Args.streamNameOrArn(req, false);
    ShardIterators.Position it = iterators.decode(token);
    if (it == null) {
      throw AwsServiceException.invalidArgument("Invalid ShardIterator.");
    }
    if (arnName != null && !arnName.equals(it.streamName())) {
      throw AwsServiceException.invalidArgument(
          "The ShardIterator belongs to stream " + it.streamName() + ", not " + arnName + ".");
    }
    long now = clock.millis();
    Stream s = streams.find(it.streamName(), now);
    if (s == null || s.createdMillis != it.streamEpoch()) {
      throw errors.streamNotFound(it.streamName());
    }
    if (now - it.issuedAtMillis() > ITERATOR_TTL_MILLIS) {
      throw Errors.expiredIterator(it.issuedAtMillis(), now);
    }
    Shard shard = s.shard(it.shardIndex());
    if (shard == null) {
      throw errors.shardNotFound(Shard.shardId(it.shardIndex()), s.name);
    }
    if (!shard.admitRead(now)) {
      throw errors.throughput(shard.id, s.name);
    }
    trimIfDue(s, now);
    Shard.Read read = shard.read(it.position(), limit, MAX_GET_RECORDS_BYTES, now);
    long next = read.firstPosition() + read.records().size();
    ObjectNode out = req.newResponse();
    out.set(
        "Records", StreamedRecords.node(read.records(), shard, read.firstPosition(), req.format()));
    long behind = 0;
    if (next < read.endPosition()) {
      long arrival = shard.arrivalAt(next);
      behind = arrival < 0 ? 0 : Math.max(0, now - arrival);
    }
    out.put("MillisBehindLatest", behind);
    long lastArrival = read.records().isEmpty() ? -1 : shard.arrivalAt(next - 1);
    metric(s.name, "GetRecords.Records", read.records().size(), "Count", now);
    metric(
        s.name,
        "GetRecords.IteratorAgeMilliseconds",
        lastArrival < 0 ? 0 : Math.max(0, now - lastArrival),
        "Milliseconds",
        now);
    if (!shard.isOpen() && next >= read.endPosition()) {
      out.set("ChildShards", Responses.childShards(out, s, shard));
    } else {
      out.put(
          "NextShardIterator",
          iterators.encode(
              new ShardIterators.Position(s.name, s.createdMillis, shard.index, next, now)));
    }
    return out;
  }
}
