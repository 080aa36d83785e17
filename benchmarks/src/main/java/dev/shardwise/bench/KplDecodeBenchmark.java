package dev.shardwise.bench;

import dev.shardwise.core.kpl.AggregatedRecord;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecordVisitor;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KPL deaggregation with the MD5 check, single thread, over precomputed aggregates of 250-byte
 * events. Reported per implementation as aggregates/s plus the auxiliary counters {@code bytes}
 * (Kinesis record bytes decoded per second; the 400 MB/s target is on this one) and {@code
 * userRecords} (user records per second).
 *
 * <p>{@code MD5_ONLY} digests the same protobuf bodies with a bare {@link MessageDigest}: the bound
 * that any decoder checking the MD5 trailer stays below.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class KplDecodeBenchmark {
  private static final int AGGREGATES = 16;
  private static final int MASK = AGGREGATES - 1;

  /** What decodes the aggregates. */
  public enum Decoder {
    /** {@link KplDecoder#forEachUserRecord}: slices of the record, no copies. */
    SHARDWISE_VISITOR,
    /** {@link KplDecoder#deaggregate}: a list of user records with copied data. */
    SHARDWISE_LIST,
    /** {@link NaiveKplDecoder}: streams and objects, a MessageDigest per record. */
    NAIVE,
    /** MD5 of the protobuf body only, with a reused MessageDigest: the ceiling. */
    MD5_ONLY
  }

  @Param public Decoder decoder;

  /** Aggregate size limit: the KPL default (50 KiB) and the Kinesis record limit (1 MiB). */
  @Param({"51200", "1048576"})
  public int aggregateBytes;

  private AggregatedRecord[] aggregates;

  @Setup
  public void setUp() {
    aggregates = KplInputs.aggregates(AGGREGATES, aggregateBytes, 42);
  }

  /** Per-thread counters JMH reports as rates, and the reused state of a thread. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long bytes;
    public long userRecords;
    int index;
    final MessageDigest md5;
    final byte[] digest = new byte[16];
    final Summer summer = new Summer();

    public Counters() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
      userRecords = 0;
    }
  }

  @Benchmark
  public Object decode(Counters c) throws DigestException {
    AggregatedRecord a = aggregates[c.index++ & MASK];
    byte[] data = a.data();
    c.bytes += data.length;
    c.userRecords += a.userRecordCount();
    switch (decoder) {
      case SHARDWISE_VISITOR -> {
        c.summer.sum = 0;
        KplDecoder.forEachUserRecord(data, a.partitionKey(), a.explicitHashKey(), c.summer);
        return c.summer.sum;
      }
      case SHARDWISE_LIST -> {
        return KplDecoder.deaggregate(data, a.partitionKey(), a.explicitHashKey());
      }
      case NAIVE -> {
        return NaiveKplDecoder.decode(data, a.partitionKey(), a.explicitHashKey());
      }
      case MD5_ONLY -> {
        c.md5.update(data, 4, data.length - 20);
        c.md5.digest(c.digest, 0, 16);
        return c.digest;
      }
      default -> throw new IllegalStateException("unknown decoder " + decoder);
    }
  }

  /** Consumes each user record: its length and a key, so nothing is dead code. */
  static final class Summer implements UserRecordVisitor {
    long sum;

    @Override
    public void visit(
        int subSequenceNumber,
        String partitionKey,
        String explicitHashKey,
        byte[] buffer,
        int offset,
        int length) {
      sum += length + partitionKey.length() + buffer[offset];
    }
  }
}
