package dev.shardwise.local.firehose.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The append-only spill of a Direct PUT delivery stream under {@code
 * <data-dir>/.firehose/<stream>/}: every accepted record is written here before the put call is
 * answered, and a segment file is deleted once every record in it is in S3. Re-creating the stream
 * after a crash replays the segments left, so an acknowledged record is delivered at least once.
 *
 * <p>Guarantee: after {@link #append} returns, the records are in the OS (and on disk when {@code
 * fsync} is set); a process crash loses none of them. Records whose object was stored but whose
 * segment still held undelivered records are delivered again (duplicates), never lost. A torn last
 * record (a crash mid-write, before the call was answered) is skipped on replay.
 *
 * <p>Format of a record: magic {@code 0x46}, length (int), arrival millis (long), bytes, CRC32 of
 * arrival and bytes (int). Thread-safe.
 */
public final class SpillLog implements AutoCloseable {
  private static final byte MAGIC = 0x46;

  private final Path dir;
  private final long segmentBytes;
  private final boolean fsync;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private Segment active;

  private static final class Segment {
    final long id;
    final Path path;
    FileChannel channel;
    long size;
    long pending;

    Segment(long id, Path path) {
      this.id = id;
      this.path = path;
    }
  }

  private SpillLog(Path dir, long segmentBytes, boolean fsync) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
  }

  /**
   * Opens the spill directory and hands every record left by an earlier run to {@code replay}, with
   * an ack that counts it against its old segment.
   */
  public static SpillLog open(Path dir, long segmentBytes, boolean fsync, Consumer<Incoming> replay)
      throws IOException {
    Files.createDirectories(dir);
    SpillLog log = new SpillLog(dir, segmentBytes, fsync);
    List<Path> old;
    try (Stream<Path> files = Files.list(dir)) {
      old = files.filter(p -> p.getFileName().toString().endsWith(".spill")).sorted().toList();
    }
    long next = 1;
    List<Incoming> replayed = new ArrayList<>();
    for (Path p : old) {
      String name = p.getFileName().toString();
      long id = Long.parseLong(name.substring(0, name.length() - ".spill".length()));
      next = Math.max(next, id + 1);
      Segment seg = new Segment(id, p);
      for (Object[] rec : read(p)) {
        seg.pending++;
        replayed.add(Incoming.directPut((byte[]) rec[1], (Long) rec[0], () -> log.delivered(seg)));
      }
      synchronized (log) {
        log.segments.put(id, seg);
      }
      if (seg.pending == 0) {
        Files.deleteIfExists(p);
        synchronized (log) {
          log.segments.remove(id);
        }
      }
    }
    synchronized (log) {
      log.active = log.newSegment(next);
    }
    replayed.forEach(replay);
    return log;
  }

  /** Writes the records and returns one ack per record, in order. */
  public synchronized List<Incoming.Ack> append(List<byte[]> records, long arrivalMillis)
      throws IOException {
    if (active.size >= segmentBytes) {
      active.channel.close();
      active.channel = null;
      Segment done = active;
      active = newSegment(active.id + 1);
      deleteIfDone(done);
    }
    int total = 0;
    for (byte[] r : records) {
      total += 17 + r.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    CRC32 crc = new CRC32();
    for (byte[] r : records) {
      crc.reset();
      buf.put(MAGIC).putInt(r.length).putLong(arrivalMillis).put(r);
      crc.update(ByteBuffer.allocate(8).putLong(0, arrivalMillis));
      crc.update(r);
      buf.putInt((int) crc.getValue());
    }
    buf.flip();
    while (buf.hasRemaining()) {
      active.channel.write(buf);
    }
    if (fsync) {
      active.channel.force(false);
    }
    active.size += total;
    active.pending += records.size();
    Segment seg = active;
    List<Incoming.Ack> acks = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      acks.add(() -> delivered(seg));
    }
    return acks;
  }

  /** Segments on disk (for tests and diagnostics). */
  public synchronized int segmentCount() {
    return segments.size();
  }

  private synchronized void delivered(Segment seg) {
    seg.pending--;
    if (seg == active && seg.pending <= 0 && seg.size > 0) {
      // everything written so far is in S3: start afresh so no delivered record stays on disk
      active = newSegment(active.id + 1);
    }
    deleteIfDone(seg);
  }

  private void deleteIfDone(Segment seg) {
    if (seg != active && seg.pending <= 0 && segments.remove(seg.id) != null) {
      try {
        if (seg.channel != null) {
          seg.channel.close();
        }
        Files.deleteIfExists(seg.path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete delivered spill " + seg.path, e);
      }
    }
  }

  private Segment newSegment(long id) {
    Segment seg = new Segment(id, dir.resolve(String.format("%012d.spill", id)));
    try {
      seg.channel =
          FileChannel.open(
              seg.path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      seg.size = seg.channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open spill " + seg.path, e);
    }
    segments.put(id, seg);
    return seg;
  }

  /** Records of a segment: {arrival millis, bytes}; stops at a torn or corrupt record. */
  static List<Object[]> read(Path p) throws IOException {
    List<Object[]> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(p);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
      CRC32 crc = new CRC32();
      while (true) {
        try {
          if (in.readByte() != MAGIC) {
            break;
          }
          int len = in.readInt();
          if (len < 0 || len > 16 << 20) {
            break;
          }
          long arrival = in.readLong();
          byte[] data = in.readNBytes(len);
          if (data.length < len) {
            break;
          }
          int sum = in.readInt();
          crc.reset();
          crc.update(ByteBuffer.allocate(8).putLong(0, arrival));
          crc.update(data);
          if ((int) crc.getValue() != sum) {
            break;
          }
          out.add(new Object[] {arrival, data});
        } catch (EOFException e) {
          break;
        }
      }
    }
    return out;
  }

  /** Closes the files; undelivered segments stay for the next run. */
  @Override
  public synchronized void close() throws IOException {
    for (Segment s : segments.values()) {
      if (s.channel != null) {
        s.channel.close();
        s.channel = null;
      }
    }
    if (active != null && active.pending == 0 && active.size == 0) {
      Files.deleteIfExists(active.path);
    }
  }

  /** Removes the directory and everything in it (the stream was deleted). */
  public synchronized void destroy() throws IOException {
    close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
    segments.clear();
  }
}
