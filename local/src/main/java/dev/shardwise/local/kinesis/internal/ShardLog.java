package dev.shardwise.local.kinesis.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The append-only log of one shard: every accepted record, in order. An entry is {@code [int
 * length][int crc32c][long position][long arrival millis][short key length][key utf-8][data]}, the
 * CRC over everything after it. One write per PutRecord(s) call and shard; fsync per {@code
 * forceEachWrite}. At start the log is replayed; a torn last entry (a crash mid-write) is cut off,
 * and records past retention are dropped by rewriting the file. Not thread-safe: the shard guards
 * it.
 */
public final class ShardLog implements Closeable {
  private static final int HEADER = 4 + 4;
  private static final int FIXED = 8 + 8 + 2;

  private final FileChannel channel;
  private final boolean forceEachWrite;

  private ShardLog(FileChannel channel, boolean forceEachWrite) {
    this.channel = channel;
    this.forceEachWrite = forceEachWrite;
  }

  /** Opens (creating) a log for appending. */
  public static ShardLog open(Path file, boolean forceEachWrite) throws IOException {
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    ch.position(ch.size());
    return new ShardLog(ch, forceEachWrite);
  }

  /** Appends records at consecutive positions starting with {@code firstPosition}. */
  public void append(long firstPosition, List<StoredRecord> records) throws IOException {
    int total = 0;
    List<byte[]> keys = new ArrayList<>(records.size());
    for (StoredRecord r : records) {
      byte[] key = r.partitionKey().getBytes(StandardCharsets.UTF_8);
      keys.add(key);
      total += HEADER + FIXED + key.length + r.data().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    CRC32C crc = new CRC32C();
    for (int i = 0; i < records.size(); i++) {
      StoredRecord r = records.get(i);
      byte[] key = keys.get(i);
      int start = buf.position();
      buf.putInt(FIXED + key.length + r.data().length).putInt(0);
      buf.putLong(firstPosition + i).putLong(r.arrivalMillis()).putShort((short) key.length);
      buf.put(key).put(r.data());
      crc.reset();
      crc.update(buf.array(), start + HEADER, buf.position() - start - HEADER);
      buf.putInt(start + 4, (int) crc.getValue());
    }
    buf.flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    if (forceEachWrite) {
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** What a replay found. */
  public record Replayed(long firstPosition, List<StoredRecord> records, long nextPosition) {}

  /**
   * Reads a log back: the records that arrived at or after {@code cutoffMillis} and the position
   * after the last entry. Cuts a torn tail; rewrites the file without expired records.
   */
  public static Replayed replay(Path file, long cutoffMillis) throws IOException {
    if (!Files.exists(file)) {
      return new Replayed(0, List.of(), 0);
    }
    byte[] all = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(all);
    List<StoredRecord> kept = new ArrayList<>();
    long first = -1;
    long next = 0;
    int expired = 0;
    int good = 0;
    CRC32C crc = new CRC32C();
    while (buf.remaining() >= HEADER + FIXED) {
      int start = buf.position();
      int len = buf.getInt();
      int sum = buf.getInt();
      if (len < FIXED || len > buf.remaining()) {
        break;
      }
      crc.reset();
      crc.update(all, start + HEADER, len);
      if ((int) crc.getValue() != sum) {
        break;
      }
      long position = buf.getLong();
      long arrival = buf.getLong();
      int keyLen = buf.getShort() & 0xffff;
      if (keyLen > len - FIXED) {
        break;
      }
      String key = new String(all, buf.position(), keyLen, StandardCharsets.UTF_8);
      buf.position(buf.position() + keyLen);
      byte[] data = new byte[len - FIXED - keyLen];
      buf.get(data);
      good = buf.position();
      next = position + 1;
      if (arrival < cutoffMillis) {
        expired++;
        continue;
      }
      if (first < 0) {
        first = position;
      }
      kept.add(new StoredRecord(arrival, key, data));
    }
    if (good < all.length || expired > 0) {
      rewrite(file, all, good, first, kept, next);
    }
    return new Replayed(first < 0 ? next : first, kept, next);
  }

  private static void rewrite(
      Path file, byte[] all, int good, long first, List<StoredRecord> kept, long next)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (ShardLog out = open(tmp, false)) {
      if (!kept.isEmpty()) {
        out.append(first, kept);
      } else if (next > 0) {
        // keep the position counter: a marker entry that is expired by construction
        out.append(next - 1, List.of(new StoredRecord(Long.MIN_VALUE, "", new byte[0])));
      }
      out.channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
