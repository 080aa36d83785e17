package dev.shardwise.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.shardwise.core.event.internal.Countries;
import dev.shardwise.core.testing.BrokenEvent;
import dev.shardwise.core.testing.BrokenEvents;
import dev.shardwise.core.testing.EventArbitraries;
import dev.shardwise.core.testing.RawEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The shipped JSON Schema ({@code schema/event-v1.schema.json}) and {@link EventDecoder} give the
 * same verdict, valid or invalid, on thousands of generated valid events, single-rule breakages and
 * records whose every field is drawn from valid and invalid values.
 *
 * <p>The schema side reads the bytes as strict UTF-8, parses them with Jackson (trailing tokens
 * fail), then validates with networknt (draft 2020-12, format assertions on).
 *
 * <p>Excluded, because a JSON Schema cannot express them (it sees one parsed JSON value, not bytes
 * or the moment of arrival):
 *
 * <ul>
 *   <li>the byte size limit ({@code too_large});
 *   <li>the time rule relative to the arrival time ({@code time_out_of_range}): every record here
 *       is decoded with an arrival time its valid {@code time} satisfies;
 *   <li>duplicate keys (a parser keeps one of them before the schema sees the object);
 *   <li>unpaired surrogate escapes such as {@code "\ud800"} (the schema sees a string; the decoder
 *       rejects it because it cannot be written as UTF-8).
 * </ul>
 *
 * Also never generated, because networknt's date-time format (ethlo ITU) rejects what RFC 3339
 * allows and the decoder accepts: the offset {@code -00:00}, and offsets beyond +-18:00 (RFC 3339
 * allows hours up to 23). {@code Rfc3339Test} covers both.
 */
class EventSchemaAgreementIT {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final JsonSchema SCHEMA = loadSchema();

  private final EventDecoder decoder = EventDecoder.standard();

  @Provide
  Arbitrary<Event> events() {
    return EventArbitraries.events();
  }

  @Provide
  Arbitrary<BrokenEvent> broken() {
    return BrokenEvents.schemaVisible();
  }

  @Property(tries = 1500)
  void validEvents_inAnySpelling_areValidForBoth(@ForAll("events") Event e, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] json = RawEvent.variant(e, r).json(r).getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(json, e.time()).isValid()).isTrue();
    assertThat(schemaErrors(json)).as(new String(json, StandardCharsets.UTF_8)).isEmpty();
  }

  @Property(tries = 1500)
  void singleRuleBreakages_areInvalidForBoth(@ForAll("broken") BrokenEvent b) {
    Statistics.label("reason").collect(b.expected().code());

    assertThat(decoder.decode(b.bytes(), b.arrival()).isValid()).as("%s", b).isFalse();
    assertThat(schemaErrors(b.bytes())).as("%s", b).isNotEmpty();
  }

  @Property(tries = 3000)
  void fieldsOfValidAndInvalidValues_getTheSameVerdictFromBoth(@ForAll long seed) {
    byte[] json = FieldFuzz.record(new Random(seed));

    boolean decoderSaysValid = decoder.decode(json, FieldFuzz.ARRIVAL).isValid();
    boolean schemaSaysValid = schemaErrors(json).isEmpty();

    Statistics.label("verdict").collect(decoderSaysValid ? "valid" : "invalid");
    assertThat(decoderSaysValid)
        .as("decoder %s, schema %s for %s", decoderSaysValid, schemaErrors(json), utf8(json))
        .isEqualTo(schemaSaysValid);
  }

  @Test
  void schemaCountryEnum_isTheDecodersCountryList() throws IOException {
    JsonNode schema = MAPPER.readTree(schemaStream());
    List<String> codes = new ArrayList<>();
    schema
        .at("/properties/country/enum")
        .forEach(
            n -> {
              if (!n.isNull()) {
                codes.add(n.asText());
              }
            });

    assertThat(codes).isEqualTo(Countries.all()).hasSize(249);
  }

  /** The schema's complaints; a record that is not strict UTF-8 JSON is one complaint. */
  static List<String> schemaErrors(byte[] bytes) {
    JsonNode node;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      node = MAPPER.readTree(text);
    } catch (CharacterCodingException e) {
      return List.of("not UTF-8: " + e);
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    if (node == null) {
      return List.of("no JSON value");
    }
    return SCHEMA.validate(node).stream().map(Object::toString).toList();
  }

  private static JsonSchema loadSchema() {
    try (InputStream in = schemaStream()) {
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream schemaStream() {
    InputStream in = EventDecoder.class.getResourceAsStream("/schema/event-v1.schema.json");
    assertThat(in).as("schema/event-v1.schema.json on the class path").isNotNull();
    return in;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
