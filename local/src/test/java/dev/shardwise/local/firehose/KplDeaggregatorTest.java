package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KplDeaggregatorTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void plainRecord_isOneUserRecord() {
    var r = KplDeaggregator.INSTANCE.deaggregate(utf8("{}"), "pk", null);
    assertThat(r)
        .isInstanceOfSatisfying(
            Deaggregator.Records.class,
            x -> assertThat(x.userRecords()).containsExactly(utf8("{}")));
  }

  @Test
  void aggregate_yieldsItsUserRecordsInOrder_andACorruptOneSaysWhy() {
    AggregateBuilder b = new AggregateBuilder();
    b.tryAdd(new UserRecord("a", null, utf8("one")));
    b.tryAdd(new UserRecord("b", null, utf8("two")));
    byte[] agg = b.build().data();

    var r = KplDeaggregator.INSTANCE.deaggregate(agg, "a", null);
    assertThat(r)
        .isInstanceOfSatisfying(
            Deaggregator.Records.class,
            x -> assertThat(x.userRecords()).containsExactly(utf8("one"), utf8("two")));

    byte[] broken = Arrays.copyOf(agg, agg.length);
    broken[broken.length - 1] ^= 1;
    assertThat(KplDeaggregator.INSTANCE.deaggregate(broken, "a", null))
        .isInstanceOfSatisfying(
            Deaggregator.Corrupt.class, c -> assertThat(c.reason()).isNotBlank());
  }
}
