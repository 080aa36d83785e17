package dev.shardwise.consumer.definitions;

import dev.shardwise.consumer.definitions.internal.AlarmSpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The alarm specification: every alarm once, with its runbook. Read from {@code alarms.json} beside
 * this class by both {@code infra} (which builds the CloudWatch alarms from it) and {@code local}
 * (which evaluates the same alarms with CloudWatch's semantics). The file's shape follows {@code
 * PutMetricAlarm} / {@code PutCompositeAlarm}; docs/alarms.md describes it.
 *
 * <p>Strings may use {@code ${Variable}}: the file's {@code Variables} give the defaults (the local
 * resource names), callers may override them (for example with generated names).
 *
 * @param variables the variables after overrides
 * @param metricAlarms the metric alarms, in file order
 * @param compositeAlarms the composite alarms, in file order
 */
public record AlarmSpecification(
    Map<String, String> variables,
    List<MetricAlarmSpec> metricAlarms,
    List<CompositeAlarmSpec> compositeAlarms) {

  /** The resource path of the shipped specification. */
  public static final String RESOURCE = "alarms.json";

  public AlarmSpecification {
    variables = Map.copyOf(variables);
    metricAlarms = List.copyOf(metricAlarms);
    compositeAlarms = List.copyOf(compositeAlarms);
  }

  /** The shipped specification with its default variables. */
  public static AlarmSpecification load() {
    return load(Map.of());
  }

  /**
   * The shipped specification with some variables overridden.
   *
   * @throws InvalidAlarmSpecException if an override names no variable of the file, or the result
   *     breaks a rule
   */
  public static AlarmSpecification load(Map<String, String> overrides) {
    try (InputStream in = AlarmSpecification.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), overrides);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses and validates a specification.
   *
   * @throws InvalidAlarmSpecException naming the offending key
   */
  public static AlarmSpecification parse(String json, Map<String, String> overrides) {
    return AlarmSpecReader.read(json, overrides);
  }

  /** Every alarm name, metric alarms first. */
  public List<String> names() {
    return Stream.concat(
            metricAlarms.stream().map(MetricAlarmSpec::name),
            compositeAlarms.stream().map(CompositeAlarmSpec::name))
        .toList();
  }

  public Optional<MetricAlarmSpec> metricAlarm(String name) {
    return metricAlarms.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  public Optional<CompositeAlarmSpec> compositeAlarm(String name) {
    return compositeAlarms.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The runbook of any alarm, by name. */
  public Optional<Runbook> runbook(String name) {
    Objects.requireNonNull(name, "name");
    return metricAlarm(name)
        .map(MetricAlarmSpec::runbook)
        .or(() -> compositeAlarm(name).map(CompositeAlarmSpec::runbook));
  }

  /** The severity of any alarm, by name. */
  public Optional<Severity> severity(String name) {
    return metricAlarm(name)
        .map(MetricAlarmSpec::severity)
        .or(() -> compositeAlarm(name).map(CompositeAlarmSpec::severity));
  }
}
