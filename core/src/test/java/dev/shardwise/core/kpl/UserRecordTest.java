package dev.shardwise.core.kpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserRecordTest {

  @Test
  void equalsAndHashCode_goByContent() {
    UserRecord a = new UserRecord("pk", "7", new byte[] {1, 2, 3});
    UserRecord b = new UserRecord("pk", "7", new byte[] {1, 2, 3});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a)
        .isNotEqualTo(new UserRecord("pk", "7", new byte[] {1, 2, 4}))
        .isNotEqualTo(new UserRecord("pk", null, new byte[] {1, 2, 3}))
        .isNotEqualTo(new UserRecord("pk2", "7", new byte[] {1, 2, 3}));
  }

  @Test
  void toString_showsKeysSizeAndAHexPreview() {
    assertThat(new UserRecord("pk", null, new byte[] {(byte) 0xAB, 0x01}).toString())
        .isEqualTo("UserRecord[partitionKey=pk, explicitHashKey=null, data=2 bytes ab01]");
    assertThat(new UserRecord("pk", null, new byte[100]).toString())
        .contains("100 bytes")
        .endsWith("…]");
  }

  @Test
  void partitionKeyAndData_areRequired() {
    assertThatNullPointerException().isThrownBy(() -> new UserRecord(null, null, new byte[0]));
    assertThatNullPointerException().isThrownBy(() -> new UserRecord("pk", null, null));
  }

  @Test
  void records_areAnUnmodifiableCopy() {
    List<UserRecord> list = new ArrayList<>(List.of(new UserRecord("pk", null, new byte[0])));
    Deaggregated.Records records = new Deaggregated.Records(list, false);

    list.clear();

    assertThat(records.records()).hasSize(1);
    assertThatThrownBy(() -> records.records().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
