package dev.shardwise.local.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardLogTest {
  @TempDir Path dir;

  @Test
  void replay_returnsAppendedRecordsAndTheNextPosition() throws Exception {
    Path f = dir.resolve("shard-0.log");
    try (ShardLog log = ShardLog.open(f, false)) {
      log.append(0, List.of(rec(100, "a", "x"), rec(101, "b", "yy")));
      log.append(2, List.of(rec(102, "ключ", "zzz")));
    }

    ShardLog.Replayed r = ShardLog.replay(f, 0);

    assertThat(r.firstPosition()).isZero();
    assertThat(r.nextPosition()).isEqualTo(3);
    assertThat(r.records())
        .extracting(StoredRecord::partitionKey)
        .containsExactly("a", "b", "ключ");
    assertThat(new String(r.records().get(2).data())).isEqualTo("zzz");
  }

  @Test
  void tornTail_isCutOffAndTheLogStaysAppendable() throws Exception {
    Path f = dir.resolve("shard-0.log");
    try (ShardLog log = ShardLog.open(f, true)) {
      log.append(0, List.of(rec(1, "a", "x"), rec(2, "b", "y")));
    }
    long size = Files.size(f);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3); // a crash in the middle of the second entry
    }

    ShardLog.Replayed r = ShardLog.replay(f, 0);
    try (ShardLog log = ShardLog.open(f, false)) {
      log.append(r.nextPosition(), List.of(rec(3, "c", "z")));
    }

    assertThat(r.nextPosition()).isEqualTo(1);
    assertThat(ShardLog.replay(f, 0).records())
        .extracting(StoredRecord::partitionKey)
        .containsExactly("a", "c");
  }

  @Test
  void expiredRecords_areDroppedButPositionsContinue() throws Exception {
    Path f = dir.resolve("shard-0.log");
    try (ShardLog log = ShardLog.open(f, false)) {
      log.append(0, List.of(rec(10, "a", "x"), rec(20, "b", "y"), rec(30, "c", "z")));
    }

    ShardLog.Replayed some = ShardLog.replay(f, 15);
    ShardLog.Replayed none = ShardLog.replay(f, 1000);

    assertThat(some.firstPosition()).isEqualTo(1);
    assertThat(some.records()).extracting(StoredRecord::partitionKey).containsExactly("b", "c");
    assertThat(none.records()).isEmpty();
    assertThat(none.nextPosition()).isEqualTo(3);
    assertThat(ShardLog.replay(f, 1000).nextPosition()).isEqualTo(3);
  }

  private static StoredRecord rec(long arrival, String key, String data) {
    return new StoredRecord(arrival, key, data.getBytes());
  }
}
