package dev.shardwise.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.local.esm.FaultPlan.Fault;
import dev.shardwise.local.esm.FaultPlan.Invocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationFaultsTest {

  private static List<String> seqs(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(Long.toString(49_000_000_000L + i));
    }
    return out;
  }

  @Test
  void errorsAtChosenRecords_fireOncePerRecord_soARetryOfTheSameBatchSucceeds() {
    InvocationFaults faults = new InvocationFaults(7, 0.01, 0, 0);
    List<String> batch = seqs(0, 1000);

    int failures = 0;
    while (faults.decide(new Invocation("shardId-0", batch, failures, false)) == Fault.ERROR) {
      failures++;
    }

    assertThat(failures).isEqualTo(faults.errors()).isBetween(2, 30);
    assertThat(faults.decide(new Invocation("shardId-0", batch, failures + 1, false)))
        .isEqualTo(Fault.NONE);
  }

  @Test
  void choices_dependOnTheSeed_andRepeatForTheSameSeed() {
    List<String> batch = seqs(0, 5000);
    assertThat(countErrors(1, batch)).isEqualTo(countErrors(1, batch));
    assertThat(chosenAt(1)).isNotEqualTo(chosenAt(2));
  }

  private static long countErrors(long seed, List<String> batch) {
    InvocationFaults faults = new InvocationFaults(seed, 0.01, 0, 0);
    for (String s : batch) {
      faults.decide(new Invocation("shardId-0", List.of(s), 0, false));
    }
    return faults.errors();
  }

  private static List<String> chosenAt(long seed) {
    InvocationFaults faults = new InvocationFaults(seed, 0.01, 0, 0);
    List<String> out = new ArrayList<>();
    for (String s : seqs(0, 5000)) {
      if (faults.decide(new Invocation("shardId-0", List.of(s), 0, false)) == Fault.ERROR) {
        out.add(s);
      }
    }
    return out;
  }

  @Test
  void crashes_neverTwiceInARowOnAShard() {
    InvocationFaults faults = new InvocationFaults(3, 0, 0, 1.0);
    List<Fault> decisions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      decisions.add(faults.decide(new Invocation("shardId-0", List.of(), 0, true)));
    }

    assertThat(decisions)
        .containsExactly(
            Fault.CRASH_AFTER_HANDLER,
            Fault.NONE,
            Fault.CRASH_AFTER_HANDLER,
            Fault.NONE,
            Fault.CRASH_AFTER_HANDLER,
            Fault.NONE);
    assertThat(faults.crashes()).isEqualTo(3);
  }
}
