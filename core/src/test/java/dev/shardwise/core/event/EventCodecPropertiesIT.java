package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.testing.BrokenEvent;
import dev.shardwise.core.testing.BrokenEvents;
import dev.shardwise.core.testing.EventArbitraries;
import dev.shardwise.core.testing.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Invariants of the event codec over generated events and near-valid breakages. */
class EventCodecPropertiesIT {

  private final EventDecoder decoder = EventDecoder.standard();

  @Provide
  Arbitrary<Event> events() {
    return EventArbitraries.events();
  }

  @Provide
  Arbitrary<BrokenEvent> broken() {
    return BrokenEvents.broken();
  }

  @Provide
  Arbitrary<byte[]> mangled() {
    return BrokenEvents.mangled();
  }

  @Property(tries = 1000)
  void decodeOfEncode_isTheEvent(@ForAll("events") Event e) {
    byte[] json = EventEncoder.encode(e);

    assertThat(decoder.decode(json, e.time())).isEqualTo(new DecodeResult.Valid(e));
  }

  @Property(tries = 1000)
  void anyValidSpelling_decodesToTheEvent_andEncodesCanonically(
      @ForAll("events") Event e, @ForAll long seed) {
    // GIVEN the event written another way: field order, offset, fraction digits, unknown fields...
    Random r = new Random(seed);
    byte[] variant = RawEvent.variant(e, r).json(r).getBytes(StandardCharsets.UTF_8);

    // WHEN
    DecodeResult result = decoder.decode(variant, e.time());

    // THEN
    assertThat(result).isEqualTo(new DecodeResult.Valid(e));
    assertThat(EventEncoder.encode(((DecodeResult.Valid) result).event()))
        .isEqualTo(EventEncoder.encode(e));
  }

  @Property(tries = 2000)
  void aRecordBreakingOneRule_isRejectedWithThatRulesReason(@ForAll("broken") BrokenEvent b) {
    Statistics.label("reason").collect(b.expected().code());

    DecodeResult result = decoder.decode(b.bytes(), b.arrival());

    assertThat(result)
        .as("%s", b)
        .isInstanceOfSatisfying(
            DecodeResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(b.expected()));
  }

  @Property(tries = 2000)
  void damagedBytes_decodeOrReject_neverThrow(@ForAll("mangled") byte[] data) {
    DecodeResult result = decoder.decode(data, Instant.parse("2026-11-21T12:00:00Z"));

    Statistics.label("verdict")
        .collect(result instanceof DecodeResult.Rejected r ? r.reason().code() : "valid");
    assertThat(result).isNotNull();
    if (result instanceof DecodeResult.Rejected r) {
      assertThat(r.message()).isNotBlank().hasSizeLessThan(600);
    }
  }

  @Property(tries = 1000)
  void anyBytes_decodeOrReject_neverThrow(@ForAll byte[] data, @ForAll int offset) {
    int off = data.length == 0 ? 0 : Math.floorMod(offset, data.length);
    DecodeResult result = decoder.decode(data, off, data.length - off, Instant.EPOCH);

    assertThat(result).isNotNull();
  }
}
