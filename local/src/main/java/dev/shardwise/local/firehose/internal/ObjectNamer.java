package dev.shardwise.local.firehose.internal;

import dev.shardwise.firehose.PrefixTemplate;
import dev.shardwise.firehose.PrefixTemplate.Expression;
import dev.shardwise.firehose.PrefixTemplate.Literal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Names objects as Firehose does: {@code <evaluated prefix><stream>-<version>-<yyyy>-<MM>-<dd>-
 * <HH>-<mm>-<ss>-<uuid><extension>}, the time being the arrival of the oldest record in the object
 * (UTC unless {@code CustomTimeZone}). Without a timestamp expression (and without dynamic
 * partitioning) the prefix gets Firehose's default {@code yyyy/MM/dd/HH/}. Error documents are JSON
 * lines and take the compression's extension, never the data format's. Not thread-safe (the random
 * source): the caller serialises.
 */
public final class ObjectNamer {
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
  private static final DateTimeFormatter DEFAULT_PREFIX =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/");

  private final String stream;
  private final int version;
  private final PrefixTemplate prefix;
  private final PrefixTemplate errorPrefix;
  private final ZoneId zone;
  private final String extension;
  private final String errorExtension;
  private final boolean appendDefaultTime;
  private final RandomGenerator random;

  public ObjectNamer(
      String stream,
      int version,
      PrefixTemplate prefix,
      PrefixTemplate errorPrefix,
      ZoneId zone,
      String extension,
      String errorExtension,
      boolean dynamicPartitioning,
      RandomGenerator random) {
    this.stream = stream;
    this.version = version;
    this.prefix = prefix;
    this.errorPrefix = errorPrefix;
    this.zone = zone;
    this.extension = extension;
    this.errorExtension = errorExtension;
    this.appendDefaultTime =
        !dynamicPartitioning && (prefix == null || !prefix.usesNamespace(PrefixTemplate.TIMESTAMP));
    this.random = random;
  }

  /** The key of a data object holding records of {@code keys}, the oldest arrived at {@code t}. */
  public synchronized String dataKey(Map<String, String> keys, Instant oldest) {
    ZonedDateTime t = oldest.atZone(zone);
    StringBuilder b = new StringBuilder();
    if (prefix != null) {
      evaluate(prefix, keys, null, t, b);
    }
    if (appendDefaultTime) {
      b.append(DEFAULT_PREFIX.format(t));
    }
    return suffix(b, t, extension);
  }

  /** The key of an error object of {@code errorOutputType}. */
  public synchronized String errorKey(String errorOutputType, Instant oldest) {
    ZonedDateTime t = oldest.atZone(zone);
    StringBuilder b = new StringBuilder();
    if (errorPrefix != null) {
      evaluate(errorPrefix, Map.of(), errorOutputType, t, b);
    } else {
      if (prefix != null) {
        b.append(prefix.text());
      }
      b.append(errorOutputType).append('/').append(DEFAULT_PREFIX.format(t));
    }
    return suffix(b, t, errorExtension);
  }

  private String suffix(StringBuilder b, ZonedDateTime t, String ext) {
    return b.append(stream)
        .append('-')
        .append(version)
        .append('-')
        .append(SUFFIX.format(t))
        .append('-')
        .append(uuid())
        .append(ext)
        .toString();
  }

  private void evaluate(
      PrefixTemplate template,
      Map<String, String> keys,
      String errorType,
      ZonedDateTime t,
      StringBuilder b) {
    for (var part : template.parts()) {
      if (part instanceof Literal l) {
        b.append(l.text());
        continue;
      }
      Expression e = (Expression) part;
      switch (e.namespace()) {
        case PrefixTemplate.TIMESTAMP -> b.append(e.formatter().format(t));
        case PrefixTemplate.FIREHOSE ->
            b.append(
                e.value().equals(PrefixTemplate.RANDOM_STRING)
                    ? uuid().substring(0, 11)
                    : errorType);
        case PrefixTemplate.FROM_QUERY -> b.append(keys.get(e.value()));
        default -> throw new IllegalStateException("unsupported expression " + e);
      }
    }
  }

  private String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }
}
