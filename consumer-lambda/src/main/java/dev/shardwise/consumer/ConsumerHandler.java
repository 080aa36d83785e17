package dev.shardwise.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import dev.shardwise.consumer.internal.Wiring;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Lambda entry point: Kinesis records in tumbling windows ({@code KinesisTimeWindowEvent}) to
 * window state and batch item failures ({@code TimeWindowEventResponse}). Thin: collaborators are
 * built once per container from the environment ({@link ConsumerConfig}); each invocation delegates
 * to {@link BatchProcessor}.
 *
 * <p>The event source mapping must use a tumbling window and {@code ReportBatchItemFailures}
 * (definitions/event-source-mapping.json).
 */
public final class ConsumerHandler
    implements RequestHandler<KinesisTimeWindowEvent, TimeWindowEventResponse> {
  private final BatchProcessor processor;
  private final Supplier<String> defaultStream;

  /** The constructor Lambda calls: settings from the process environment. */
  public ConsumerHandler() {
    this(System.getenv());
  }

  /** Settings from a map (the local runtime passes its own). */
  public ConsumerHandler(Map<String, String> env) {
    this(Wiring.processor(ConsumerConfig.fromEnvironment(env), env), Wiring::defaultStream);
  }

  /**
   * Settings from a map, time from {@code clock} (the timestamps of its EMF metrics): a local
   * runtime on an injected, possibly fast-forwarded clock passes its own, as Lambda's host clock is
   * the function's.
   */
  public ConsumerHandler(Map<String, String> env, InstantSource clock) {
    this(Wiring.processor(ConsumerConfig.fromEnvironment(env), env, clock), Wiring::defaultStream);
  }

  /**
   * @param defaultStream the stream name for events without a source ARN (Lambda always sends one)
   */
  ConsumerHandler(BatchProcessor processor, Supplier<String> defaultStream) {
    this.processor = Objects.requireNonNull(processor, "processor");
    this.defaultStream = Objects.requireNonNull(defaultStream, "defaultStream");
  }

  @Override
  public TimeWindowEventResponse handleRequest(KinesisTimeWindowEvent event, Context context) {
    return LambdaEvents.response(
        processor.process(LambdaEvents.batch(event, defaultStream), LambdaEvents.logger(context)));
  }
}
