package dev.shardwise.local.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.local.server.AwsServiceException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  @Test
  void injectedCount_countsEveryThrottledCallFailedCallAndFailedRecord() throws Exception {
    // GIVEN two throttled calls, one failed call, then records failing at half the rate
    FaultInjector faults =
        new FaultInjector(new SplittableRandom(1)).throttleNextCalls(2).failNextCalls(1);

    // WHEN four calls are made and 1,000 records asked about
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(faults::beforeCall).isInstanceOf(AwsServiceException.class);
    }
    faults.beforeCall();
    faults.failRecords(0.5, "InternalFailure");
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      if (faults.recordError() != null) {
        refused++;
      }
    }

    // THEN the counters say exactly what was injected
    assertThat(faults.throttledCalls()).isEqualTo(2);
    assertThat(faults.failedCalls()).isEqualTo(1);
    assertThat(faults.failedRecords()).isEqualTo(refused).isBetween(400L, 600L);
    assertThat(faults.injectedCount()).isEqualTo(3L + refused);
  }

  @Test
  void clear_stopsFaultsButKeepsTheCounts() throws Exception {
    FaultInjector faults = new FaultInjector(new SplittableRandom(1)).throttleNextCalls(1);
    assertThatThrownBy(faults::beforeCall).isInstanceOf(AwsServiceException.class);

    faults.throttleNextCalls(5).clear();
    faults.beforeCall();

    assertThat(faults.injectedCount()).isEqualTo(1);
  }
}
