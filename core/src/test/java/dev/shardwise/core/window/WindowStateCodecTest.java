package dev.shardwise.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WindowStateCodecTest {
  private static final FingerprintSet NONE = new FingerprintSet();

  private static WindowState fresh() {
    return WindowState.open(
        SyntheticEvents.segment("4963"), SyntheticEvents.WINDOW_END, Duration.ofSeconds(5));
  }

  private static void feed(WindowState s, List<Event> events, int from, int to) {
    for (int i = from; i < to; i++) {
      Event e = events.get(i);
      if (i % 17 == 3) {
        s.reject();
      }
      s.accept(e, EventFingerprint.of(e.eventId()), NONE);
    }
  }

  @Property(tries = 40)
  void decodeOfEncode_summarizesAndReencodesTheSame(
      @ForAll long seed, @ForAll @IntRange(max = 400) int events) {
    List<Event> stream = new SyntheticEvents(seed, 60, 20).events(events);
    // repeat some ids to get duplicates
    WindowState s = fresh();
    feed(s, stream, 0, events);
    feed(s, stream, 0, events / 3);

    byte[] bytes = WindowStateCodec.encode(s);
    WindowState back = WindowStateCodec.decode(bytes);

    assertThat(back.summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(s.summarize("sh", CloseReason.WINDOW_END));
    assertThat(back.rawBytes()).isEqualTo(s.rawBytes());
    assertThat(back.segment()).isEqualTo(s.segment());
    assertThat(back.windowEnd()).isEqualTo(s.windowEnd());
    assertThat(back.lateGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(WindowStateCodec.encode(back)).isEqualTo(bytes);
  }

  @Property(tries = 30)
  void encoding_doesNotDependOnWhereInvocationsSplitTheWindow(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 599) int split) {
    List<Event> stream = new SyntheticEvents(seed, 80, 30).events(600);
    WindowState whole = fresh();
    feed(whole, stream, 0, 600);

    WindowState first = fresh();
    feed(first, stream, 0, split);
    WindowState resumed = WindowStateCodec.decodeBase64(WindowStateCodec.encodeBase64(first));
    feed(resumed, stream, split, 600);

    assertThat(WindowStateCodec.encode(resumed)).isEqualTo(WindowStateCodec.encode(whole));
  }

  @Test
  void aStateOfAnotherFormatVersion_failsLoudly_namingTheVersion() {
    byte[] bytes = WindowStateCodec.encode(fresh());
    bytes[3] = 7;

    assertThatThrownBy(() -> WindowStateCodec.decode(bytes))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("format version 7")
        .hasMessageContaining("reads versions 1 to 2");
  }

  /** The state {@code window/state-v1.b64} holds, written by the release before version 2. */
  private static WindowState v1FixtureState() {
    WindowState s = fresh();
    List<Event> events = new SyntheticEvents(5, 50, 12).events(300);
    feed(s, events, 0, 300);
    for (int i = 0; i < 40; i++) { // duplicates, not rejected
      Event e = events.get(i);
      s.accept(e, EventFingerprint.of(e.eventId()), NONE);
    }
    return s;
  }

  /** The decoded state is the expected one: its rows, its size estimate and its fingerprints. */
  private static void assertSameState(WindowState back, WindowState expected) {
    assertThat(back.summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(expected.summarize("sh", CloseReason.WINDOW_END));
    assertThat(back.rawBytes()).isEqualTo(expected.rawBytes());
    assertThat(back.fingerprints()).isEqualTo(expected.fingerprints());
  }

  private static String resource(String name) throws Exception {
    try (var in = WindowStateCodecTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
  }

  @Test
  void aVersion1StateOfThePreviousRelease_decodes_andReencodesAsVersion2() throws Exception {
    // GIVEN a state the previous release wrote (format version 1), in flight during a deploy
    String v1 = resource("/window/state-v1.b64");
    WindowState expected = v1FixtureState();

    // WHEN this release decodes it
    WindowState back = WindowStateCodec.decodeBase64(v1);

    // THEN it is the state those events make, and it is written back as version 2
    assertSameState(back, expected);
    byte[] again = WindowStateCodec.encode(back);
    assertThat(again[3]).isEqualTo((byte) 2);
    assertThat(again).isEqualTo(WindowStateCodec.encode(expected));
    // and the test's version 1 writer is the previous release's, byte for byte
    assertThat(Base64.getEncoder().encodeToString(WindowStateV1Writer.encode(expected)))
        .isEqualTo(v1);
  }

  @Test
  void aVersion2State_decodes_andThisReleaseWritesItByteForByte() throws Exception {
    // GIVEN the same state as written by the release that introduced format version 2
    String v2 = resource("/window/state-v2.b64");
    WindowState expected = v1FixtureState();

    // WHEN it is decoded
    WindowState back = WindowStateCodec.decodeBase64(v2);

    // THEN it is the state those events make, and both it and the state itself encode to it
    assertSameState(back, expected);
    assertThat(WindowStateCodec.encodeBase64(back)).isEqualTo(v2);
    assertThat(WindowStateCodec.encodeBase64(expected)).isEqualTo(v2);
  }

  @Property(tries = 30)
  void version1And2_decodeToTheSameState(
      @ForAll long seed, @ForAll @IntRange(max = 500) int events) {
    List<Event> stream = new SyntheticEvents(seed, 90, 25).events(events);
    WindowState s = fresh();
    feed(s, stream, 0, events);
    feed(s, stream, 0, events / 4);

    WindowState fromV1 = WindowStateCodec.decode(WindowStateV1Writer.encode(s));
    WindowState fromV2 = WindowStateCodec.decode(WindowStateCodec.encode(s));

    assertThat(fromV1.summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(s.summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(fromV2.summarize("sh", CloseReason.WINDOW_END));
    assertThat(WindowStateCodec.encode(fromV1)).isEqualTo(WindowStateCodec.encode(fromV2));
  }

  @Test
  void outliers_areEscaped_andDecodeExactly() {
    // GIVEN ordinary events plus outliers far above their columns' means: a 600 s load time, an
    // event 7 days late, one page viewed by every device, a device with thousands of events
    WindowState s = fresh();
    feed(s, new SyntheticEvents(11, 200, 300).events(2000), 0, 2000);
    Instant late = SyntheticEvents.WINDOW_START.minus(Duration.ofDays(7));
    for (int i = 0; i < 3000; i++) {
      s.accept(
          new Event(
              "outlier-" + i,
              EventType.PAGE_VIEW,
              i == 0 ? late : SyntheticEvents.WINDOW_START,
              i < 300 ? "device-" + i : "device-busy",
              null,
              "/everyone",
              null,
              null,
              i == 1 ? 600_000 : 20,
              null),
          EventFingerprint.of("outlier-" + i),
          NONE);
    }

    byte[] bytes = WindowStateCodec.encode(s);
    WindowState back = WindowStateCodec.decode(bytes);

    assertThat(back.summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(s.summarize("sh", CloseReason.WINDOW_END));
    assertThat(WindowStateCodec.encode(back)).isEqualTo(bytes);
  }

  @Test
  void version2_isSmallerThanVersion1() {
    WindowState s = fresh();
    feed(s, new SyntheticEvents(8, 3000, 400).events(6000), 0, 6000);

    assertThat(WindowStateCodec.encode(s).length).isLessThan(WindowStateV1Writer.encode(s).length);
  }

  @Test
  void aFlippedBit_failsLoudly_asCorrupt() {
    WindowState s = fresh();
    feed(s, new SyntheticEvents(1, 10, 5).events(50), 0, 50);
    byte[] bytes = WindowStateCodec.encode(s);
    bytes[bytes.length / 2] ^= 0x10;

    assertThatThrownBy(() -> WindowStateCodec.decode(bytes))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("window state is corrupt")
        .hasMessageContaining("checksum");
  }

  @Test
  void foreignBytes_andBadBase64_failLoudly() {
    assertThatThrownBy(() -> WindowStateCodec.decodeBase64("not base64!"))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("not valid base64");
    String json = Base64.getEncoder().encodeToString("{\"count\": 3}".getBytes());
    assertThatThrownBy(() -> WindowStateCodec.decodeBase64(json))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("not a shardwise window state");
    assertThatThrownBy(() -> WindowStateCodec.decode(new byte[] {'S', 'W'}))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void encodedChars_isTheLengthOfTheBase64() {
    WindowState s = fresh();
    feed(s, new SyntheticEvents(3, 40, 9).events(333), 0, 333);

    assertThat(WindowStateCodec.encodedChars(s))
        .isEqualTo(WindowStateCodec.encodeBase64(s).length());
  }

  @Test
  void encodedBytes_belongToTheCaller_notToTheNextEncode() throws Exception {
    WindowState big = fresh();
    feed(big, new SyntheticEvents(31, 3000, 400).events(3000), 0, 3000);
    WindowState small = fresh();
    feed(small, new SyntheticEvents(32, 50, 10).events(200), 0, 200);
    AtomicReference<byte[]> first = new AtomicReference<>();
    AtomicReference<byte[]> copy = new AtomicReference<>();

    // on a fresh thread, whose buffers grow to the first state's size exactly
    Thread t =
        new Thread(
            () -> {
              first.set(WindowStateCodec.encode(big));
              copy.set(first.get().clone());
              WindowStateCodec.encode(small); // the thread's buffers are reused
              WindowStateCodec.decodeBase64(WindowStateCodec.encodeBase64(small));
            });
    t.start();
    t.join();

    assertThat(first.get()).isEqualTo(copy.get());
    assertThat(WindowStateCodec.decode(first.get()).summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(big.summarize("sh", CloseReason.WINDOW_END));
  }

  @Test
  void encoding_isTheSameOnAFreshThread_asAfterOtherEncodesOnThisOne() throws Exception {
    WindowState a = fresh();
    feed(a, new SyntheticEvents(21, 70, 12).events(500), 0, 500);
    WindowState b = fresh();
    feed(b, new SyntheticEvents(22, 3000, 400).events(4000), 0, 4000);
    WindowStateCodec.encode(b); // the thread's deflaters and inflater have been used
    WindowStateCodec.decode(WindowStateCodec.encode(b));
    byte[] here = WindowStateCodec.encode(a);

    AtomicReference<byte[]> there = new AtomicReference<>();
    Thread t = new Thread(() -> there.set(WindowStateCodec.encode(a)));
    t.start();
    t.join();

    assertThat(here).isEqualTo(there.get());
    assertThat(WindowStateCodec.decode(here).summarize("sh", CloseReason.WINDOW_END))
        .isEqualTo(a.summarize("sh", CloseReason.WINDOW_END));
  }
}
