package dev.shardwise.firehose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads and validates the delivery-stream definitions shipped in {@code
 * dev/shardwise/firehose/<name>.json}, each in the shape of {@code CreateDeliveryStream}.
 *
 * <p>ARNs in the files are placeholders, {@code ${Name}} inside a JSON string ({@link
 * #PLACEHOLDERS}); {@code infra} and {@code local} pass the values. Loading without values keeps
 * the placeholders (useful to inspect structure); an ARN member still holding {@code ${} is taken
 * as opaque and not checked for ARN syntax, so a CDK token passes through.
 *
 * <p>Every failure is an {@link InvalidDefinitionException} naming the file and the member.
 */
public final class DeliveryStreamDefinitions {

  /** The shipped delivery streams (file name = name + {@code .json}). */
  public static final List<String> NAMES =
      List.of(
          "shardwise-events", "shardwise-page-views", "shardwise-anomalies", "shardwise-rejects");

  /** The placeholders the shipped files use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of(
          "ArchiveBucketArn", "DeliveryRoleArn", "SourceStreamArn", "ArchiveKmsKeyArn", "Region");

  private static final String RESOURCE_DIR = "dev/shardwise/firehose/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private DeliveryStreamDefinitions() {}

  /** All shipped definitions with the placeholders replaced by {@code values}. */
  public static List<DeliveryStreamDefinition> loadAll(Map<String, String> values) {
    List<DeliveryStreamDefinition> out = new ArrayList<>();
    for (String name : NAMES) {
      out.add(load(name, values));
    }
    return List.copyOf(out);
  }

  /** One shipped definition with the placeholders replaced by {@code values}. */
  public static DeliveryStreamDefinition load(String name, Map<String, String> values) {
    String file = name + ".json";
    DeliveryStreamDefinition d = parse(file, substitute(file, rawJson(name), values));
    if (!name.equals(d.deliveryStreamName())) {
      throw new InvalidDefinitionException(
          file,
          "DeliveryStreamName",
          "must match the file name, was '" + d.deliveryStreamName() + "'");
    }
    return d;
  }

  /** One shipped definition with its placeholders left in place. */
  public static DeliveryStreamDefinition loadTemplate(String name) {
    return parse(name + ".json", rawJson(name));
  }

  /** The shipped file's text. */
  public static String rawJson(String name) {
    String resource = RESOURCE_DIR + name + ".json";
    try (InputStream in =
        DeliveryStreamDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidDefinitionException(
            name + ".json", "(file)", "no such delivery stream definition; shipped: " + NAMES);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Parses and validates a definition.
   *
   * @param source names the definition in errors (a file name)
   */
  public static DeliveryStreamDefinition parse(String source, String json) {
    DeliveryStreamDefinition d;
    try {
      d = MAPPER.readValue(json, DeliveryStreamDefinition.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidDefinitionException(
          source, path(e), "unknown member (not modelled by shardwise; check the spelling)");
    } catch (JsonMappingException e) {
      throw new InvalidDefinitionException(source, path(e), firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new InvalidDefinitionException(
          source, "(document)", "not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (d == null) {
      throw new InvalidDefinitionException(source, "(document)", "is empty");
    }
    DefinitionValidator.validate(source, d);
    return d;
  }

  /**
   * Replaces every {@code ${Name}} with its value (JSON-escaped).
   *
   * @throws InvalidDefinitionException for a placeholder without a value, or a value for a
   *     placeholder the text does not use
   */
  public static String substitute(String source, String json, Map<String, String> values) {
    Set<String> used = placeholders(json);
    for (String name : used) {
      if (!values.containsKey(name) || values.get(name) == null) {
        throw new InvalidDefinitionException(
            source, "${" + name + "}", "no value given for this placeholder");
      }
    }
    Matcher m = PLACEHOLDER.matcher(json);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(values.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholder names a text uses. */
  public static Set<String> placeholders(String json) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(json);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The placeholder values for the local runtime: ARNs in the local account of the archive bucket,
   * the Kinesis stream, a role and a key (the local Firehose ignores roles and keys).
   */
  public static Map<String, String> localValues(
      String region, String accountId, String bucket, String kinesisStream) {
    return Map.of(
        "ArchiveBucketArn", "arn:aws:s3:::" + bucket,
        "DeliveryRoleArn", "arn:aws:iam::" + accountId + ":role/shardwise-firehose",
        "SourceStreamArn",
            "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + kinesisStream,
        "ArchiveKmsKeyArn", "arn:aws:kms:" + region + ":" + accountId + ":key/shardwise-archive",
        "Region", region);
  }

  /** The definition as a {@code CreateDeliveryStream} request body. */
  public static String toJson(DeliveryStreamDefinition d) {
    try {
      return MAPPER.writeValueAsString(d);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + d.deliveryStreamName(), e);
    }
  }

  /** The mapper for the API shape (PascalCase members, unknown members refused). */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  private static String path(JsonMappingException e) {
    String p =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return p.isEmpty() ? "(document)" : p;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
