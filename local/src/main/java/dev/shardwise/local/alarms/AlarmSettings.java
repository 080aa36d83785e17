package dev.shardwise.local.alarms;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the local alarms, read from the runtime's {@code --set} options and checked when
 * built; a bad value fails with its key.
 *
 * @param enabled whether alarms are evaluated ({@code alarms}: {@code on} or {@code off}; on)
 * @param webhook where state changes are POSTed as SNS notifications ({@code alarms.webhook}, an
 *     http or https URL; none by default)
 * @param tick how often the runtime checks for a passed minute boundary ({@code
 *     alarms.tick-seconds}, 1-60; 5)
 */
public record AlarmSettings(boolean enabled, URI webhook, Duration tick) {

  public AlarmSettings {
    if (tick == null
        || tick.isNegative()
        || tick.isZero()
        || tick.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("alarms.tick-seconds must be 1-60, was " + tick);
    }
  }

  public static AlarmSettings defaults() {
    return new AlarmSettings(true, null, Duration.ofSeconds(5));
  }

  public static AlarmSettings fromMap(Map<String, String> options) {
    String on = options.getOrDefault("alarms", "on").trim().toLowerCase(Locale.ROOT);
    if (!on.equals("on") && !on.equals("off")) {
      throw new IllegalArgumentException("alarms must be 'on' or 'off', was '" + on + "'");
    }
    URI webhook = null;
    String url = options.get("alarms.webhook");
    if (url != null) {
      try {
        webhook = new URI(url.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("alarms.webhook is not a URL: " + url, e);
      }
      if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())
          || webhook.getHost() == null) {
        throw new IllegalArgumentException(
            "alarms.webhook must be an http or https URL, was " + url);
      }
    }
    String tick = options.getOrDefault("alarms.tick-seconds", "5").trim();
    long seconds;
    try {
      seconds = Long.parseLong(tick);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "alarms.tick-seconds must be a whole number of seconds, was '" + tick + "'", e);
    }
    if (seconds < 1 || seconds > 60) {
      throw new IllegalArgumentException("alarms.tick-seconds must be 1-60, was " + seconds);
    }
    return new AlarmSettings(on.equals("on"), webhook, Duration.ofSeconds(seconds));
  }
}
