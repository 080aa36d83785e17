package dev.shardwise.firehose;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed S3 prefix ({@code Prefix} or {@code ErrorOutputPrefix}): literal text and {@code
 * !{namespace:value}} expressions, with Firehose's namespaces: {@code timestamp} (a {@link
 * DateTimeFormatter} pattern), {@code firehose} ({@code error-output-type}, {@code random-string}),
 * {@code partitionKeyFromQuery} and {@code partitionKeyFromLambda}. The sequence {@code !{} may
 * appear only as the start of an expression.
 */
public final class PrefixTemplate {
  public static final String TIMESTAMP = "timestamp";
  public static final String FIREHOSE = "firehose";
  public static final String FROM_QUERY = "partitionKeyFromQuery";
  public static final String FROM_LAMBDA = "partitionKeyFromLambda";
  public static final String ERROR_OUTPUT_TYPE = "error-output-type";
  public static final String RANDOM_STRING = "random-string";

  /** One piece of a prefix. */
  public sealed interface Part {}

  /** Text copied as is. */
  public record Literal(String text) implements Part {}

  /** {@code !{namespace:value}}; {@code formatter} is set for the timestamp namespace. */
  public record Expression(String namespace, String value, DateTimeFormatter formatter)
      implements Part {}

  private final String text;
  private final List<Part> parts;

  private PrefixTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a prefix.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static PrefixTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    StringBuilder literal = new StringBuilder();
    while (i < text.length()) {
      int start = text.indexOf("!{", i);
      if (start < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, start);
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("unclosed expression at offset " + start);
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      parts.add(expression(text.substring(start + 2, end)));
      i = end + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new PrefixTemplate(text, parts);
  }

  private static Expression expression(String body) {
    int colon = body.indexOf(':');
    if (colon <= 0 || colon == body.length() - 1) {
      throw new IllegalArgumentException(
          "expression !{" + body + "} is not of the form !{namespace:value}");
    }
    String namespace = body.substring(0, colon);
    String value = body.substring(colon + 1);
    switch (namespace) {
      case TIMESTAMP -> {
        try {
          return new Expression(namespace, value, DateTimeFormatter.ofPattern(value));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "!{timestamp:" + value + "} is not a DateTimeFormatter pattern: " + e.getMessage());
        }
      }
      case FIREHOSE -> {
        if (!value.equals(ERROR_OUTPUT_TYPE) && !value.equals(RANDOM_STRING)) {
          throw new IllegalArgumentException(
              "!{firehose:"
                  + value
                  + "}: the firehose namespace has only error-output-type and"
                  + " random-string");
        }
        return new Expression(namespace, value, null);
      }
      case FROM_QUERY, FROM_LAMBDA -> {
        if (!value.matches("[A-Za-z0-9_-]+")) {
          throw new IllegalArgumentException(
              "!{" + body + "}: a partition key name is letters, digits, '_' and '-'");
        }
        return new Expression(namespace, value, null);
      }
      default ->
          throw new IllegalArgumentException(
              "!{"
                  + body
                  + "}: unknown namespace '"
                  + namespace
                  + "' (timestamp, firehose, partitionKeyFromQuery, partitionKeyFromLambda)");
    }
  }

  public String text() {
    return text;
  }

  public List<Part> parts() {
    return parts;
  }

  public boolean hasExpressions() {
    return parts.stream().anyMatch(p -> p instanceof Expression);
  }

  /** True when the prefix holds {@code !{namespace:value}}. */
  public boolean uses(String namespace, String value) {
    return parts.stream()
        .anyMatch(
            p ->
                p instanceof Expression e
                    && e.namespace().equals(namespace)
                    && e.value().equals(value));
  }

  /** True when the prefix holds any expression of the namespace. */
  public boolean usesNamespace(String namespace) {
    return parts.stream()
        .anyMatch(p -> p instanceof Expression e && e.namespace().equals(namespace));
  }

  /** The partition keys used through {@code !{partitionKeyFromQuery:...}}, in order of use. */
  public Set<String> queryKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p instanceof Expression e && e.namespace().equals(FROM_QUERY)) {
        keys.add(e.value());
      }
    }
    return keys;
  }

  @Override
  public String toString() {
    return text;
  }
}
