package dev.shardwise.local.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {

  private static byte[] decode(byte[] body, boolean signed, boolean trailers, long length)
      throws IOException {
    try (InputStream in =
        new AwsChunkedInputStream(new ByteArrayInputStream(body), signed, trailers, length)) {
      return in.readAllBytes();
    }
  }

  @Property(tries = 300)
  void decode_returnsExactlyTheEncodedBytes_inEveryVariant(
      @ForAll @Size(max = 3000) byte[] data,
      @ForAll @IntRange(min = 1, max = 700) int chunkSize,
      @ForAll boolean signed,
      @ForAll boolean trailers)
      throws IOException {
    Map<String, String> t = trailers ? Map.of("x-amz-checksum-crc32", "DUoRhQ==") : null;
    byte[] body = AwsChunked.encode(data, chunkSize, signed, t);

    AwsChunkedInputStream in =
        new AwsChunkedInputStream(new ByteArrayInputStream(body), signed, trailers, data.length);

    assertThat(in.readAllBytes()).isEqualTo(data);
    assertThat(in.trailers()).isEqualTo(t == null ? Map.of() : t);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void theSdksSignedTrailerBody_asCapturedOnTheWire_decodes() throws IOException {
    String wire =
        "b;chunk-signature=3d3f71a2e1733359b214ff154b8e758f276f346045845b0c34c0d8b3a2b454cd\r\n"
            + "hello world\r\n"
            + "0;chunk-signature=5baba3f6e8312cf7f3112d7a85eea641d1df39e1dcc1db810750ad2cb9a82de3\r\n"
            + "x-amz-checksum-crc32:DUoRhQ==\r\n"
            + "x-amz-trailer-signature:7ffb32aa55f247b9a9ffc68cff2a11dc3af40579ca09ee6ab6d6a93ce330cb44\r\n"
            + "\r\n";
    AwsChunkedInputStream in =
        new AwsChunkedInputStream(
            new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)), true, true, 11);

    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
  }

  @Test
  void malformedFraming_isA400_withTheReason() {
    assertRefused("zz\r\nab\r\n0\r\n\r\n", false, false, "InvalidRequest", "expected '<hex size>'");
    assertRefused(
        "2\r\nabc\r\n0\r\n\r\n", false, false, "InvalidRequest", "longer than its declared");
    assertRefused("2\nab\r\n0\r\n\r\n", false, false, "InvalidRequest", "bare LF");
    assertRefused("2\r\nab\r\n0\r\n\r\nextra", false, false, "InvalidRequest", "after the end");
    assertRefused(
        "2\r\nab\r\n0\r\nx:y\r\n\r\n", false, false, "InvalidRequest", "after the final chunk");
    assertRefused(
        "2;chunk-signature=zz\r\nab\r\n", true, false, "InvalidRequest", "chunk-signature");
    assertRefused(
        "2;chunk-signature=" + AwsChunked.SIG + "\r\nab\r\n",
        false,
        false,
        "InvalidRequest",
        "hex size");
    assertRefused("ffffffffffffffff\r\n", false, false, "InvalidRequest", "too large");
    assertRefused(("1".repeat(2000)) + "\r\n", false, false, "InvalidRequest", "longer than 1024");
  }

  @Test
  void truncatedBodies_areIncompleteBody() {
    assertRefused("", false, false, "IncompleteBody", "chunk header");
    assertRefused("5\r\nab", false, false, "IncompleteBody", "missing");
    assertRefused("2\r\nab", false, false, "IncompleteBody", "CRLF");
    assertRefused("2\r\nab\r\n0\r\n", false, false, "IncompleteBody", "final CRLF");
    assertRefused(
        "2\r\nab\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n",
        false,
        true,
        "IncompleteBody",
        "trailer");
  }

  @Test
  void badTrailers_areMalformedTrailerError() {
    assertRefused("0\r\nnocolon\r\n\r\n", false, true, "MalformedTrailerError", "name:value");
    assertRefused("0\r\na:1\r\na:2\r\n\r\n", false, true, "MalformedTrailerError", "repeated");
    assertRefused(
        "0;chunk-signature=" + AwsChunked.SIG + "\r\na:1\r\n\r\n",
        true,
        true,
        "MalformedTrailerError",
        "signature is missing");
    assertRefused(
        "0\r\nx-amz-trailer-signature:" + AwsChunked.SIG + "\r\n\r\n",
        false,
        true,
        "MalformedTrailerError",
        "signature");
  }

  @Test
  void aDecodedLengthOtherThanDeclared_isIncompleteBody() {
    byte[] body = AwsChunked.encode(new byte[10], 4, false, null);
    assertThatThrownBy(() -> decode(body, false, false, 11))
        .isInstanceOfSatisfying(
            BodyException.class, e -> assertThat(e.error().code()).isEqualTo("IncompleteBody"));
    assertThatThrownBy(() -> decode(body, false, false, 9))
        .isInstanceOfSatisfying(
            BodyException.class, e -> assertThat(e.error().code()).isEqualTo("IncompleteBody"));
  }

  @Property(tries = 300)
  void anyMutationOfAValidBody_decodesToTheRightLengthOrIsRefused_neverHangsOrThrowsOtherwise(
      @ForAll("bodies") Mutated m) {
    try {
      byte[] out = decode(m.body(), m.signed(), m.trailers(), m.length());
      // framing survived the mutation: the length check held, so the size is right
      assertThat(out).hasSize((int) m.length());
    } catch (BodyException e) {
      assertThat(e.error().httpStatus()).isEqualTo(400);
    } catch (IOException e) {
      throw new AssertionError("only BodyException may escape", e);
    }
  }

  @Property(tries = 500)
  void arbitraryBytes_areRefusedOrDecoded_withoutOtherExceptions(
      @ForAll @Size(max = 200) byte[] garbage, @ForAll boolean signed, @ForAll boolean trailers) {
    try {
      decode(garbage, signed, trailers, -1);
    } catch (BodyException e) {
      assertThat(e.error().httpStatus()).isEqualTo(400);
    } catch (IOException e) {
      throw new AssertionError("only BodyException may escape", e);
    }
  }

  record Mutated(byte[] body, boolean signed, boolean trailers, long length) {}

  @Provide
  Arbitrary<Mutated> bodies() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(300)
        .flatMap(
            data ->
                Arbitraries.integers()
                    .between(1, 100)
                    .flatMap(
                        chunk ->
                            Arbitraries.of(true, false)
                                .flatMap(
                                    signed -> {
                                      byte[] body =
                                          AwsChunked.encode(
                                              data,
                                              chunk,
                                              signed,
                                              Map.of("x-amz-checksum-crc32", "AAAAAA=="));
                                      return mutation(body)
                                          .map(b -> new Mutated(b, signed, true, data.length));
                                    })));
  }

  private static Arbitrary<byte[]> mutation(byte[] body) {
    Arbitrary<byte[]> flip =
        Arbitraries.integers()
            .between(0, body.length - 1)
            .flatMap(
                at ->
                    Arbitraries.bytes()
                        .map(
                            v -> {
                              byte[] b = body.clone();
                              b[at] = v;
                              return b;
                            }));
    Arbitrary<byte[]> cut =
        Arbitraries.integers().between(0, body.length).map(n -> java.util.Arrays.copyOf(body, n));
    Arbitrary<byte[]> drop =
        Arbitraries.integers()
            .between(0, body.length - 1)
            .map(
                at -> {
                  byte[] b = new byte[body.length - 1];
                  System.arraycopy(body, 0, b, 0, at);
                  System.arraycopy(body, at + 1, b, at, body.length - at - 1);
                  return b;
                });
    return Arbitraries.oneOf(flip, cut, drop);
  }

  private static void assertRefused(
      String body, boolean signed, boolean trailers, String code, String reason) {
    assertThatThrownBy(
            () -> decode(body.getBytes(StandardCharsets.ISO_8859_1), signed, trailers, -1))
        .isInstanceOfSatisfying(
            BodyException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(code);
              assertThat(e.error().httpStatus()).isEqualTo(400);
              assertThat(e.getMessage()).contains(reason);
            });
  }
}
