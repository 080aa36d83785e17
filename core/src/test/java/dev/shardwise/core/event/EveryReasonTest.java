package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.testing.BrokenEvent;
import dev.shardwise.core.testing.BrokenEvents;
import dev.shardwise.core.testing.Mutations;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every reason code of the contract is reachable through {@link EventDecoder}. */
class EveryReasonTest {

  private static final Instant T = Instant.parse("2026-11-21T11:58:00.250Z");

  private static final Event PAGE_VIEW =
      new Event(
          "e-1",
          EventType.PAGE_VIEW,
          T,
          "dev-1",
          "s-1",
          "/a",
          "https://r.example/",
          "DE",
          120,
          null);

  private static final Event TELEMETRY =
      new Event(
          "e-2",
          EventType.TELEMETRY,
          T,
          "dev-1",
          null,
          null,
          null,
          null,
          Event.NO_LOAD_MS,
          Map.of("cpu", 0.5));

  @Test
  void everyMutation_onPageViewsAndTelemetry_givesItsReason_andTogetherEveryDecoderReason() {
    // GIVEN every mutation, several seeds each, on both kinds of base event
    Set<RejectReason> reached = EnumSet.noneOf(RejectReason.class);
    for (Mutations.Mutation m : Mutations.all()) {
      for (Event base : new Event[] {PAGE_VIEW, TELEMETRY}) {
        if (!m.appliesTo().test(base)) {
          continue;
        }
        for (long seed = 0; seed < 5; seed++) {
          BrokenEvent b = BrokenEvents.apply(m, base, seed);

          // WHEN
          DecodeResult result = EventDecoder.standard().decode(b.bytes(), b.arrival());

          // THEN
          assertThat(result)
              .as("%s", b)
              .isEqualTo(new DecodeResult.Rejected(b.expected(), messageOf(result)));
          reached.add(b.expected());
        }
      }
    }
    // CORRUPT_AGGREGATE is a KPL-level reason (dev.shardwise.core.kpl), not the event decoder's.
    assertThat(reached).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectReason.CORRUPT_AGGREGATE)));
  }

  private static String messageOf(DecodeResult r) {
    return r instanceof DecodeResult.Rejected rej ? rej.message() : "";
  }
}
