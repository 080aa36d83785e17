package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed settings from an environment map; every error names the key. */
public final class Settings {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final Map<String, String> env;

  public Settings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public Optional<String> optional(String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String string(String key, String defaultValue, Pattern allowed, String rule) {
    String v = optional(key).orElse(defaultValue);
    if (!allowed.matcher(v).matches()) {
      throw new ConfigException(key, "'" + v + "' is not " + rule);
    }
    return v;
  }

  public long longValue(String key, long defaultValue, long min, long max) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long v;
    try {
      v = Long.parseLong(raw.get().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + raw.get() + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw new ConfigException(key, v + " is outside " + min + ".." + max);
    }
    return v;
  }

  /**
   * An ISO-8601 duration ({@code PT30S}) or a short form: {@code 500ms}, {@code 30s}, {@code 2m}.
   */
  /** A decimal number within [min, max]. */
  public double doubleValue(String key, double defaultValue, double min, double max) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    double v;
    try {
      v = Double.parseDouble(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + raw.get() + "' is not a number");
    }
    if (!(v >= min && v <= max)) {
      throw new ConfigException(key, raw.get() + " is outside " + min + ".." + max);
    }
    return v;
  }

  /** {@code true}/{@code false}. */
  public boolean booleanValue(String key, boolean defaultValue) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "'" + raw.get() + "' is not true or false");
    };
  }

  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration d = parseDuration(key, raw.get());
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(key, raw.get() + " is outside " + min + ".." + max);
    }
    return d;
  }

  private static Duration parseDuration(String key, String raw) {
    Matcher m = SHORT_DURATION.matcher(raw.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          key, "'" + raw + "' is not a duration (use 500ms, 30s, 2m, 1h or ISO-8601 like PT30S)");
    }
  }

  public Optional<URI> uri(String key) {
    Optional<String> raw = optional(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw.get());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new ConfigException(key, "'" + raw.get() + "' is not an http(s) URL");
      }
      return Optional.of(uri);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key, "'" + raw.get() + "' is not a URL: " + e.getReason());
    }
  }
}
