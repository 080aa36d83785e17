package dev.shardwise.core.testing;

import static dev.shardwise.core.testing.Mutations.MALFORMED;
import static dev.shardwise.core.testing.Mutations.UTF8;
import static dev.shardwise.core.testing.Mutations.at;
import static dev.shardwise.core.testing.Mutations.bytes;
import static dev.shardwise.core.testing.Mutations.pick;

import dev.shardwise.core.testing.Mutations.Mutation;
import java.util.List;

/** The mutations that break the bytes or the JSON syntax rather than a field's rule. */
final class MalformedMutations {

  /** Byte sequences that are never valid UTF-8, wherever they are inserted. */
  static final List<byte[]> INVALID_UTF8 =
      List.of(
          seq(0xFF),
          seq(0xFE),
          seq(0x80),
          seq(0xBF),
          seq(0xC0, 0x80),
          seq(0xC1, 0xBF),
          seq(0xE0, 0x80, 0x80),
          seq(0xED, 0xA0, 0x80),
          seq(0xF4, 0x90, 0x80, 0x80),
          seq(0xF5, 0x80, 0x80, 0x80),
          seq(0xC2),
          seq(0xE2, 0x82),
          seq(0xF0, 0x9F, 0x98));

  private MalformedMutations() {}

  static List<Mutation> all() {
    return List.of(
        bytes(
            "invalid UTF-8 inserted",
            UTF8,
            true,
            (e, raw, r) -> {
              byte[] b = raw.bytes();
              return at(e, Mutations.concat(b, r.nextInt(b.length + 1), pick(r, INVALID_UTF8)));
            }),
        bytes(
            "truncated",
            MALFORMED,
            true,
            (e, raw, r) -> {
              String json = raw.json();
              int cps = json.codePointCount(0, json.length());
              return at(e, json.substring(0, json.offsetByCodePoints(0, r.nextInt(cps - 1))));
            }),
        bytes(
            "content after the object",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    raw.json()
                        + pick(r, List.of(" x", "{}", ",", "]", "}", " 1", "\"\"", " null")))),
        bytes(
            "not an object",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    pick(
                        r,
                        List.of("[" + raw.json() + "]", "\"event\"", "1", "null", "true", "[]")))),
        bytes(
            "trailing comma",
            MALFORMED,
            true,
            (e, raw, r) -> {
              String json = raw.json();
              return at(e, json.substring(0, json.length() - 1) + ",}");
            }),
        bytes(
            "missing or wrong separator",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    raw.jsonWithSeparator(
                        1 + r.nextInt(raw.size() - 1), pick(r, List.of("", ";", ":", ",,"))))),
        bytes(
            "NaN or Infinity literal",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    r.nextBoolean()
                        ? raw.with("load_ms", "NaN").json()
                        : raw.with(
                                "metrics",
                                "{\"a\":" + pick(r, List.of("Infinity", "-Infinity")) + "}")
                            .json())),
        bytes(
            "single-quoted string",
            MALFORMED,
            true,
            (e, raw, r) -> at(e, raw.with("device_id", "'abc'").json())),
        bytes(
            "raw control character in a string",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    raw.with(
                            "device_id",
                            "\"a" + pick(r, List.of("\u0001", "\n", "\t", "\u0000")) + "b\"")
                        .json())),
        bytes(
            "comment", MALFORMED, true, (e, raw, r) -> at(e, "{/* c */" + raw.json().substring(1))),
        bytes(
            "bad number syntax",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    raw.with(
                            "load_ms",
                            pick(r, List.of("0123", "+1", "1.", ".5", "1e", "-", "0x10")))
                        .json())),
        bytes(
            "bad escape",
            MALFORMED,
            true,
            (e, raw, r) ->
                at(
                    e,
                    raw.with(
                            "device_id",
                            pick(r, List.of("\"a\\xb\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"a\\\"")))
                        .json())),
        bytes(
            "unquoted key",
            MALFORMED,
            true,
            (e, raw, r) -> at(e, "{extra:1," + raw.json().substring(1))),
        bytes(
            "duplicate key",
            MALFORMED,
            false,
            (e, raw, r) -> {
              List<String> names = raw.names();
              String name = pick(r, names);
              return at(
                  e,
                  switch (r.nextInt(3)) {
                    case 0 -> raw.withDuplicate(name, raw.get(name)).json();
                    case 1 ->
                        raw.withDuplicate("x_unknown", "1").withDuplicate("x_unknown", "2").json();
                    default -> raw.with("metrics", "{\"a\":1,\"b\":2,\"a\":1}").json();
                  });
            }));
  }

  private static byte[] seq(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
