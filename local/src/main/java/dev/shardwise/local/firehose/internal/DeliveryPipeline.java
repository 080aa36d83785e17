package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.firehose.DataFormatConversion.SchemaConfiguration;
import dev.shardwise.local.firehose.FirehoseMetrics;
import dev.shardwise.local.s3.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buffering and delivery of one delivery stream: records are partitioned (JQ), converted
 * (Parquet) or delimited, buffered per partition, and written as one object per buffer when it
 * reaches the size hint or the interval; failures become error documents under the error prefix. A
 * converting stream encodes each row into its buffer's open Parquet file as it arrives, so a
 * delivery only closes the file (last row group, footer) instead of encoding the whole buffer.
 *
 * <p>Thread-safe: {@link #ingest} runs on request threads (parsing and conversion outside the lock,
 * the Parquet encoding of the rows under it), deliveries run on the delivery executor, {@link
 * #tick} and {@link #flush} on any thread. A buffer is delivered whole or kept for retry; its
 * records' acks run only after its object is stored.
 */
public final class DeliveryPipeline {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
  private static final com.fasterxml.jackson.databind.ObjectReader TREE =
      new ObjectMapper().readerFor(JsonNode.class);

  private static final PartitionId NO_KEYS = new PartitionId(Map.of(), null);

  private final Settings s;

  /** The streaming fast path of {@link #prepare}, or null when every record needs the tree. */
  private final RecordScanner scanner;

  private final Object lock = new Object();
  private final Map<PartitionId, Buffer> buffers = new LinkedHashMap<>();
  private final Deque<Buffer> retries = new ArrayDeque<>();
  private int activePartitions;
  private int inFlight;
  private boolean closed;

  /** What a pipeline needs; built by the service from a validated definition. */
  public record Settings(
      String stream,
      String bucket,
      Partitioner partitioner,
      int maxActivePartitions,
      Conversion conversion,
      Compression compression,
      byte[] delimiter,
      long sizeLimitBytes,
      Duration interval,
      ObjectNamer namer,
      ObjectStore store,
      FirehoseMetrics metrics,
      InstantSource clock,
      BufferBudget budget,
      Executor deliveryExecutor) {}

  /** The Parquet conversion of a stream: the table and its converter and encoder. */
  public record Conversion(
      SchemaConfiguration table,
      String catalogArn,
      RowConverter converter,
      ParquetEncoder encoder) {}

  private static final class Buffer {
    final PartitionId id;

    /** The Parquet file of a converting stream's data buffer, encoded as rows arrive. */
    final ParquetEncoder.Session parquet;

    /** Raw records or error documents (every other buffer). */
    final List<byte[]> payloads = new ArrayList<>();

    final List<Incoming.Ack> acks = new ArrayList<>();
    final long createdMillis;
    int records;
    long bytes;
    long oldestArrival = Long.MAX_VALUE;

    Buffer(PartitionId id, long createdMillis, ParquetEncoder.Session parquet) {
      this.id = id;
      this.createdMillis = createdMillis;
      this.parquet = parquet;
    }
  }

  public DeliveryPipeline(Settings settings) {
    this(settings, true);
  }

  /**
   * @param streaming whether records take the streaming fast path ({@link RecordScanner}) where it
   *     answers; {@code false} parses every record to a tree (the reference, for tests and
   *     benchmarks)
   */
  public DeliveryPipeline(Settings settings, boolean streaming) {
    this.s = settings;
    this.scanner = streaming ? scanner(settings) : null;
  }

  /**
   * A scanner when the streaming path can decide records: there is a conversion or partitioning,
   * and the partitioning query (if any) has a Java equivalent over one field.
   */
  private static RecordScanner scanner(Settings s) {
    if (s.partitioner() == null && s.conversion() == null) {
      return null;
    }
    if (s.partitioner() != null && s.partitioner().field() == null) {
      return null;
    }
    return new RecordScanner(
        s.conversion() == null ? null : s.conversion().converter(),
        s.partitioner() == null ? null : s.partitioner().field());
  }

  /** Buffers records whose bytes the caller reserved from the budget; never throws per record. */
  public void ingest(List<Incoming> records) {
    List<Object[]> staged = new ArrayList<>(records.size());
    for (Incoming r : records) {
      staged.add(prepare(r));
    }
    List<Buffer> full = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < records.size(); i++) {
        Incoming r = records.get(i);
        Object[] st = staged.get(i);
        PartitionId id = (PartitionId) st[0];
        Object payload = st[1];
        if (id.errorType() == null
            && !buffers.containsKey(id)
            && s.partitioner() != null
            && activePartitions >= s.maxActivePartitions()) {
          id = new PartitionId(null, ErrorRecords.PROCESSING_FAILED);
          payload =
              ErrorRecords.line(
                  r,
                  ErrorRecords.ACTIVE_PARTITIONS_EXCEEDED,
                  "The number of active partitions reached the limit of " + s.maxActivePartitions(),
                  s.clock().millis(),
                  null,
                  null);
        }
        Buffer b = buffers.get(id);
        if (b == null) {
          b = newBuffer(id);
          buffers.put(id, b);
          if (id.errorType() == null) {
            activePartitions++;
          }
        }
        if (b.parquet != null) {
          write(b.parquet, (Object[]) payload);
        } else {
          b.payloads.add((byte[]) payload);
        }
        b.records++;
        b.acks.add(r.ack());
        b.bytes += r.data().length;
        b.oldestArrival = Math.min(b.oldestArrival, r.arrivalMillis());
        if (b.bytes >= s.sizeLimitBytes()) {
          full.add(detach(b));
        }
      }
    }
    full.forEach(this::submit);
  }

  private Buffer newBuffer(PartitionId id) {
    ParquetEncoder.Session parquet = null;
    if (s.conversion() != null && id.errorType() == null) {
      try {
        parquet = s.conversion().encoder().open();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a Parquet file in memory", e);
      }
    }
    return new Buffer(id, s.clock().millis(), parquet);
  }

  private static void write(ParquetEncoder.Session parquet, Object[] row) {
    try {
      parquet.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a row in memory", e);
    }
  }

  /**
   * Partition id and payload of one record (outside the lock): the streaming path where it answers,
   * else the tree path (which decides every error). Public for benchmarks; {@link #ingest} calls
   * it.
   *
   * @return {@code {PartitionId, payload}}: a Parquet row, the raw bytes, or an error document
   */
  public Object[] prepare(Incoming r) {
    if (scanner != null) {
      RecordScanner.Scan scan = scanner.scan(r.data());
      if (scan != null) {
        Map<String, String> keys = Map.of();
        if (s.partitioner() != null) {
          Partitioner.Keys k = s.partitioner().partition(scan.fieldValue());
          keys = k == null ? null : k.values();
        }
        if (keys != null) {
          PartitionId id = keys.isEmpty() ? NO_KEYS : new PartitionId(keys, null);
          return new Object[] {id, s.conversion() == null ? r.data() : scan.row()};
        }
      }
    }
    return prepareFromTree(r);
  }

  /** {@link #prepare} on a parsed tree: the reference path. */
  private Object[] prepareFromTree(Incoming r) {
    JsonNode parsed = null;
    if (s.partitioner() != null || s.conversion() != null) {
      try {
        parsed = TREE.readValue(r.data());
      } catch (IOException | RuntimeException e) {
        parsed = null;
      }
    }
    Map<String, String> keys = Map.of();
    if (s.partitioner() != null) {
      if (parsed == null || parsed.isMissingNode()) {
        return error(
            r,
            ErrorRecords.PROCESSING_FAILED,
            ErrorRecords.METADATA_EXTRACTION_FAILED,
            "Non JSON record provided",
            null);
      }
      Partitioner.Outcome o = s.partitioner().partition(parsed);
      if (o instanceof Partitioner.Failed f) {
        return error(
            r,
            ErrorRecords.PROCESSING_FAILED,
            ErrorRecords.METADATA_EXTRACTION_FAILED,
            f.message(),
            null);
      }
      keys = ((Partitioner.Keys) o).values();
    }
    PartitionId id = keys.isEmpty() ? NO_KEYS : new PartitionId(keys, null);
    if (s.conversion() != null) {
      try {
        if (parsed == null || parsed.isMissingNode()) {
          throw new RowConverter.ConversionException("The record is not valid JSON");
        }
        return new Object[] {id, s.conversion().converter().convert(parsed)};
      } catch (RowConverter.ConversionException e) {
        return error(
            r,
            ErrorRecords.FORMAT_CONVERSION_FAILED,
            ErrorRecords.MALFORMED_DATA,
            e.getMessage(),
            s.conversion());
      }
    }
    return new Object[] {id, r.data()};
  }

  private Object[] error(Incoming r, String type, String code, String message, Conversion c) {
    byte[] line =
        ErrorRecords.line(
            r,
            code,
            message,
            s.clock().millis(),
            c == null ? null : c.table(),
            c == null ? null : c.catalogArn());
    return new Object[] {new PartitionId(null, type), line};
  }

  /** Delivers buffers whose interval has passed and retries failed deliveries. */
  public void tick() {
    long now = s.clock().millis();
    List<Buffer> due = new ArrayList<>();
    synchronized (lock) {
      for (Iterator<Buffer> it = buffers.values().iterator(); it.hasNext(); ) {
        Buffer b = it.next();
        if (now - b.createdMillis >= s.interval().toMillis()) {
          it.remove();
          release(b);
          due.add(b);
        }
      }
      due.addAll(retries);
      retries.clear();
    }
    due.forEach(this::submit);
  }

  /**
   * Delivers everything buffered now and waits for every delivery to end.
   *
   * @return true when nothing is left undelivered (no failed delivery waiting for retry)
   */
  public boolean flush() throws InterruptedException {
    List<Buffer> all;
    synchronized (lock) {
      all = new ArrayList<>(buffers.values());
      buffers.clear();
      activePartitions = 0;
      all.addAll(retries);
      retries.clear();
    }
    all.forEach(this::submit);
    synchronized (lock) {
      while (inFlight > 0) {
        lock.wait();
      }
      return retries.isEmpty();
    }
  }

  /** Drops everything buffered (the stream is deleted); nothing more is delivered. */
  public void discard() {
    synchronized (lock) {
      closed = true;
      for (Buffer b : buffers.values()) {
        s.budget().release(b.bytes);
      }
      for (Buffer b : retries) {
        s.budget().release(b.bytes);
      }
      buffers.clear();
      retries.clear();
    }
  }

  /** Bytes buffered and not yet delivered. */
  public long bufferedBytes() {
    synchronized (lock) {
      long n = 0;
      for (Buffer b : buffers.values()) {
        n += b.bytes;
      }
      for (Buffer b : retries) {
        n += b.bytes;
      }
      return n;
    }
  }

  private Buffer detach(Buffer b) {
    buffers.remove(b.id);
    release(b);
    return b;
  }

  private void release(Buffer b) {
    if (b.id.errorType() == null) {
      activePartitions--;
    }
  }

  private void submit(Buffer b) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      inFlight++;
    }
    try {
      s.deliveryExecutor().execute(() -> deliver(b));
    } catch (RuntimeException e) {
      deliver(b); // executor shut down: deliver on this thread
    }
  }

  private void deliver(Buffer b) {
    Instant now = s.clock().instant();
    boolean ok = false;
    try {
      String key;
      byte[] body;
      if (b.id.errorType() != null) {
        key = s.namer().errorKey(b.id.errorType(), Instant.ofEpochMilli(b.oldestArrival));
        body = s.compression().compress(concat(b.payloads, null));
      } else if (b.parquet != null) {
        key = s.namer().dataKey(b.id.keys(), Instant.ofEpochMilli(b.oldestArrival));
        body = b.parquet.finish(); // the last row group and the footer; once, kept for retries
      } else {
        key = s.namer().dataKey(b.id.keys(), Instant.ofEpochMilli(b.oldestArrival));
        body = s.compression().compress(concat(b.payloads, s.delimiter()));
      }
      s.store().put(s.bucket(), key, body);
      ok = true;
      s.metrics()
          .record(
              s.stream(), FirehoseMetrics.DELIVERY_RECORDS, b.records, FirehoseMetrics.COUNT, now);
      s.metrics()
          .record(
              s.stream(), FirehoseMetrics.DELIVERY_BYTES, body.length, FirehoseMetrics.BYTES, now);
      s.metrics()
          .record(
              s.stream(),
              FirehoseMetrics.DELIVERY_FRESHNESS,
              Math.max(0, now.toEpochMilli() - b.oldestArrival) / 1000.0,
              FirehoseMetrics.SECONDS,
              now);
      for (Incoming.Ack a : b.acks) {
        a.delivered();
      }
      s.budget().release(b.bytes);
    } catch (Exception e) {
      log.warn(
          "delivery of {} records of {} to s3://{} failed; retrying at the next tick",
          b.records,
          s.stream(),
          s.bucket(),
          e);
    } finally {
      s.metrics()
          .record(
              s.stream(), FirehoseMetrics.DELIVERY_SUCCESS, ok ? 1 : 0, FirehoseMetrics.COUNT, now);
      synchronized (lock) {
        if (!ok && !closed) {
          retries.add(b);
        }
        inFlight--;
        lock.notifyAll();
      }
    }
  }

  private static byte[] concat(List<byte[]> payloads, byte[] delimiter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : payloads) {
      out.writeBytes(p);
      if (delimiter != null) {
        out.writeBytes(delimiter);
      }
    }
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
