package dev.shardwise.producer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to simulate. Same config, same records, byte for byte: {@code start} is part of it (event
 * times and ids derive from it), so a reproducible run fixes it.
 *
 * @param seed the random seed
 * @param start time of the first event (the CLI uses the current minute)
 * @param rate average events per second over the run
 * @param duration how long the run lasts in event time
 * @param devices device count; {@code webShare} of them are web clients, the rest IoT devices
 * @param webShare share of devices and of traffic that is web traffic (0-1)
 * @param dayLength the length of one simulated day: web traffic follows a daily cycle compressed
 *     into it (24h = real time)
 * @param pages pages of the web site (Zipf popularity)
 * @param anomalies anomalies to inject, count per kind
 * @param faults faults to inject
 * @param anomalyScale scales the anomalies' strength (1 = the documented magnitudes; 0.5 halves
 *     what each adds or removes: spike factor {@code 1 + (f - 1) × scale}, kept fraction of a drop
 *     {@code 1 - 0.9 × scale}, burst factor {@code 1 + 19 × scale}, offsets in σ times scale), to
 *     measure where detection fades
 * @param anomaliesAfter no anomaly starts before this much of the run has passed (the detectors'
 *     warm-up); null: a quarter of the run
 */
public record SimConfig(
    long seed,
    Instant start,
    int rate,
    Duration duration,
    int devices,
    double webShare,
    Duration dayLength,
    int pages,
    Map<AnomalyKind, Integer> anomalies,
    FaultPlan faults,
    double anomalyScale,
    Duration anomaliesAfter) {

  public SimConfig {
    Objects.requireNonNull(start, "start");
    require(rate >= 1 && rate <= 1_000_000, "--rate", "must be 1-1000000, was " + rate);
    require(
        duration != null && !duration.isNegative() && !duration.isZero(),
        "--duration",
        "must be > 0");
    require(duration.compareTo(Duration.ofDays(2)) <= 0, "--duration", "must be at most 2 days");
    require(
        devices >= 2 && devices <= 10_000_000, "--devices", "must be 2-10000000, was " + devices);
    require(webShare > 0 && webShare < 1, "web-share", "must be between 0 and 1");
    require(dayLength != null && dayLength.toSeconds() >= 60, "day-length", "must be at least 1m");
    require(pages >= 5 && pages <= 100_000, "pages", "must be 5-100000");
    Objects.requireNonNull(faults, "faults");
    require(anomalyScale > 0 && anomalyScale <= 1, "anomaly-scale", "must be in (0, 1]");
    anomalies = Map.copyOf(anomalies);
    anomalies.values().forEach(n -> require(n >= 0 && n <= 1000, "--anomalies", "counts 0-1000"));
    require(
        anomalyCount(anomalies) == 0 || duration.toSeconds() >= 120,
        "--anomalies",
        "need a --duration of at least 2m");
    require(
        anomaliesAfter == null
            || !anomaliesAfter.isNegative()
                && (anomalyCount(anomalies) == 0
                    || anomaliesAfter.toSeconds() <= duration.toSeconds() - 30),
        "anomalies-after",
        "must leave at least 30s of the run for the anomalies, was "
            + anomaliesAfter
            + " of "
            + duration);
  }

  /** When the anomalies may start, in seconds of the run. */
  public int anomalyStartSecond() {
    return anomaliesAfter == null
        ? (int) (duration.toSeconds() / 4)
        : (int) anomaliesAfter.toSeconds();
  }

  public SimConfig withAnomaliesAfter(Duration v) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        webShare,
        dayLength,
        pages,
        anomalies,
        faults,
        anomalyScale,
        v);
  }

  /** A config with the defaults for everything but these. */
  public static SimConfig of(long seed, Instant start, int rate, Duration duration, int devices) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        0.6,
        Duration.ofMinutes(10),
        50,
        Map.of(),
        FaultPlan.none(),
        1.0,
        null);
  }

  public SimConfig withAnomalies(Map<AnomalyKind, Integer> v) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        webShare,
        dayLength,
        pages,
        v,
        faults,
        anomalyScale,
        anomaliesAfter);
  }

  public SimConfig withFaults(FaultPlan v) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        webShare,
        dayLength,
        pages,
        anomalies,
        v,
        anomalyScale,
        anomaliesAfter);
  }

  public SimConfig withDayLength(Duration v) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        webShare,
        v,
        pages,
        anomalies,
        faults,
        anomalyScale,
        anomaliesAfter);
  }

  public SimConfig withAnomalyScale(double v) {
    return new SimConfig(
        seed,
        start,
        rate,
        duration,
        devices,
        webShare,
        dayLength,
        pages,
        anomalies,
        faults,
        v,
        anomaliesAfter);
  }

  /** One anomaly of each kind. */
  public static Map<AnomalyKind, Integer> defaultAnomalies() {
    Map<AnomalyKind, Integer> m = new EnumMap<>(AnomalyKind.class);
    for (AnomalyKind k : AnomalyKind.values()) {
      m.put(k, 1);
    }
    return m;
  }

  /** Parses {@code none}, {@code default}, or {@code page_spike=2,device_burst=1,...}. */
  public static Map<AnomalyKind, Integer> parseAnomalies(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("none") || s.isEmpty()) {
      return Map.of();
    }
    if (s.equals("default")) {
      return defaultAnomalies();
    }
    Map<AnomalyKind, Integer> m = new EnumMap<>(AnomalyKind.class);
    for (String part : s.split(",")) {
      String[] kv = part.split("=", 2);
      AnomalyKind k = AnomalyKind.fromCode(kv[0].trim());
      if (k == null) {
        throw new IllegalArgumentException(
            "unknown anomaly '"
                + kv[0].trim()
                + "'; known: "
                + java.util.Arrays.stream(AnomalyKind.values()).map(AnomalyKind::code).toList());
      }
      try {
        m.put(k, kv.length == 1 ? 1 : Integer.parseInt(kv[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(kv[0] + ": '" + kv[1] + "' is not a count", e);
      }
    }
    return m;
  }

  public int webClients() {
    return Math.max(1, Math.min(devices - 1, (int) Math.round(devices * webShare)));
  }

  public int iotDevices() {
    return devices - webClients();
  }

  /** How many anomalies {@code m} plans in all. */
  public static int anomalyCount(Map<AnomalyKind, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": " + message);
    }
  }
}
