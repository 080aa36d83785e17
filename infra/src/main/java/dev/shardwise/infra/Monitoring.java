package dev.shardwise.infra;

import dev.shardwise.firehose.DeliveryStreamDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.AlarmWidget;
import software.amazon.awscdk.services.cloudwatch.CompositeAlarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.kinesis.IStream;
import software.constructs.Construct;

/**
 * The CloudWatch dashboard {@value #DASHBOARD}: one row per stage of the pipeline, from the
 * services' own metrics (the stream's input, throttling and iterator age; the consumer's
 * invocations, errors, duration and iterator age; each delivery stream's input and freshness; the
 * on-failure queues; Athena's bytes scanned), in the order data flows.
 */
public final class Monitoring extends Construct {
  /** The dashboard's name. */
  public static final String DASHBOARD = "shardwise";

  private static final Duration PERIOD = Duration.minutes(1);

  private final Dashboard dashboard;

  public Monitoring(
      Construct scope,
      String id,
      IStream stream,
      ConsumerFunction consumer,
      List<DeliveryStreamDefinition> deliveryStreams,
      String workGroup) {
    super(scope, id);
    dashboard =
        Dashboard.Builder.create(this, "Dashboard")
            .dashboardName(DASHBOARD)
            .defaultInterval(Duration.hours(3))
            .build();
    dashboard.addWidgets(
        TextWidget.Builder.create()
            .markdown(
                "# shardwise\nKinesis → consumer Lambda → Firehose → S3 → Athena."
                    + " Runbooks: the alarm descriptions.")
            .width(24)
            .height(2)
            .build());
    MetricOptions sum = MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    MetricOptions max = MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
    dashboard.addWidgets(
        graph(
            "Stream: records in",
            List.of(stream.metricIncomingRecords(sum)),
            List.of(stream.metricIncomingBytes(sum))),
        graph(
            "Stream: throttled",
            List.of(
                stream.metricWriteProvisionedThroughputExceeded(sum),
                stream.metricReadProvisionedThroughputExceeded(sum)),
            List.of()),
        graph(
            "Stream: iterator age (ms)",
            List.of(stream.metricGetRecordsIteratorAgeMilliseconds(max)),
            List.of()));
    dashboard.addWidgets(consumerWidgets(consumer, sum, max));
    List<IMetric> in = new ArrayList<>();
    List<IMetric> freshness = new ArrayList<>();
    for (DeliveryStreamDefinition d : deliveryStreams) {
      String name = d.deliveryStreamName();
      // A stream that reads Kinesis reports what it read; a Direct PUT one what it was sent.
      in.add(
          firehose(
              d.kinesisSource() ? "DataReadFromKinesisStream.Records" : "IncomingRecords",
              name,
              sum));
      freshness.add(firehose("DeliveryToS3.DataFreshness", name, max));
    }
    dashboard.addWidgets(
        graph("Firehose: records in", in, List.of()),
        graph("Firehose: data freshness (s)", freshness, List.of()),
        graph(
            "Athena: bytes scanned",
            List.of(
                new Metric(
                    software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
                        .namespace("AWS/Athena")
                        .metricName("ProcessedBytes")
                        .dimensionsMap(Map.of("WorkGroup", workGroup))
                        .statistic("Sum")
                        .period(Duration.minutes(5))
                        .build())),
            List.of()));
  }

  private static IWidget[] consumerWidgets(
      ConsumerFunction c, MetricOptions sum, MetricOptions max) {
    var fn = c.function();
    return new IWidget[] {
      graph(
          "Consumer: invocations and errors",
          List.of(fn.metricInvocations(sum), fn.metricErrors(sum), fn.metricThrottles(sum)),
          List.of()),
      graph(
          "Consumer: duration (ms)",
          List.of(
              fn.metricDuration(MetricOptions.builder().statistic("p99").period(PERIOD).build()),
              fn.metricDuration(max)),
          List.of(fn.metric("IteratorAge", max))),
      graph(
          "Consumer: failed batches",
          List.of(
              c.failures().metricApproximateNumberOfMessagesVisible(max),
              c.failuresDeadLetter().metricApproximateNumberOfMessagesVisible(max)),
          List.of())
    };
  }

  private static Metric firehose(String metric, String stream, MetricOptions options) {
    return new Metric(
        software.amazon.awscdk.services.cloudwatch.MetricProps.builder()
            .namespace("AWS/Firehose")
            .metricName(metric)
            .dimensionsMap(Map.of("DeliveryStreamName", stream))
            .statistic(options.getStatistic())
            .period(options.getPeriod())
            .build());
  }

  private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(left)
        .right(right)
        .width(8)
        .height(6)
        .build();
  }

  /**
   * Adds the alarms: one status row with every alarm (composites first), then one graph per metric
   * alarm with its threshold, as CloudWatch draws an alarm.
   */
  public void addAlarms(Alarms alarms) {
    List<IAlarm> all = new ArrayList<>();
    alarms
        .compositeAlarms()
        .forEach(
            (name, c) ->
                all.add(
                    CompositeAlarm.fromCompositeAlarmArn(
                        this, "Status" + Names.pascal(name), c.getAttrArn())));
    List<IWidget> graphs = new ArrayList<>();
    alarms
        .metricAlarms()
        .forEach(
            (name, a) -> {
              IAlarm alarm =
                  Alarm.fromAlarmArn(this, "Status" + Names.pascal(name), a.getAttrArn());
              all.add(alarm);
              graphs.add(
                  AlarmWidget.Builder.create().title(name).alarm(alarm).width(6).height(5).build());
            });
    dashboard.addWidgets(
        AlarmStatusWidget.Builder.create()
            .title("Alarms (runbooks: shardwise alarms --runbook NAME)")
            .alarms(all)
            .width(24)
            .height(2 + all.size() / 4)
            .build());
    for (int i = 0; i < graphs.size(); i += 4) {
      dashboard.addWidgets(
          graphs.subList(i, Math.min(i + 4, graphs.size())).toArray(IWidget[]::new));
    }
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
