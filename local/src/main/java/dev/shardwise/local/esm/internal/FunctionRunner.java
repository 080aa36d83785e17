package dev.shardwise.local.esm.internal;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.local.esm.LocalFunction;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment of a {@link LocalFunction}, run the way the Lambda Java runtime runs a
 * {@code RequestHandler}: the event JSON deserialized with {@code aws-lambda-java-serialization}
 * into the handler's input type, the handler called on the environment's own thread with a {@code
 * Context}, the result serialized back to JSON. An exception or a timeout is a function error;
 * after a timeout the handler instance and its thread are discarded (a new environment starts at
 * the next invocation), as Lambda does. Not thread-safe: one invocation at a time, like an
 * environment.
 */
public final class FunctionRunner implements Invoker, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalFunction function;
  private final String functionArn;
  private final Consumer<String> logLines;
  private final Class<?> defaultInput;
  private final String threadName;
  private RequestHandler<Object, Object> handler;
  private PojoSerializer<Object> input;
  private PojoSerializer<Object> output;
  private ExecutorService thread;
  private int environments;

  /** What one invocation returned, as Lambda reads it. */
  public record Outcome(
      boolean error, String errorType, String errorMessage, JsonNode response, long nanos) {

    static Outcome failed(String type, String message, long nanos) {
      return new Outcome(true, type, message, null, nanos);
    }
  }

  public FunctionRunner(
      LocalFunction function,
      String functionArn,
      boolean windowed,
      Consumer<String> logLines,
      String threadName) {
    this.function = function;
    this.functionArn = functionArn;
    this.logLines = logLines;
    this.defaultInput = windowed ? KinesisTimeWindowEvent.class : KinesisEvent.class;
    this.threadName = threadName;
  }

  /** Environments started so far (1 + the number discarded after timeouts or init failures). */
  public int environments() {
    return environments;
  }

  /** Invokes the function with an event (JSON bytes) and waits for its result or its timeout. */
  @Override
  public Outcome invoke(EventBuffer event, String requestId) {
    long start = System.nanoTime();
    try {
      ensureEnvironment();
    } catch (RuntimeException e) {
      discard();
      return Outcome.failed(
          "Runtime.InitError", String.valueOf(e.getMessage()), System.nanoTime() - start);
    }
    long deadline = start + function.timeout().toNanos();
    RequestHandler<Object, Object> h = handler;
    PojoSerializer<Object> in = input;
    PojoSerializer<Object> out = output;
    java.io.InputStream eventStream = event.inputStream();
    Future<byte[]> result =
        thread.submit(
            () -> {
              Object request = in.fromJson(eventStream);
              LocalContext context =
                  new LocalContext(
                      requestId,
                      function.functionName(),
                      functionArn,
                      function.memoryMb(),
                      deadline,
                      System::nanoTime,
                      logLines);
              Object response = h.handleRequest(request, context);
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              if (response == null) {
                bytes.writeBytes("null".getBytes(java.nio.charset.StandardCharsets.UTF_8));
              } else {
                out.toJson(response, bytes);
              }
              return bytes.toByteArray();
            });
    try {
      byte[] json = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return new Outcome(false, null, null, JSON.readTree(json), System.nanoTime() - start);
    } catch (TimeoutException e) {
      result.cancel(true);
      discard();
      long nanos = System.nanoTime() - start;
      return Outcome.failed(
          "Sandbox.Timedout",
          String.format("Task timed out after %.2f seconds", nanos / 1e9),
          nanos);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return Outcome.failed(
          cause.getClass().getName(),
          String.valueOf(cause.getMessage()),
          System.nanoTime() - start);
    } catch (java.io.IOException e) {
      return Outcome.failed(
          "Runtime.InvalidResponse", "the response is not JSON: " + e, System.nanoTime() - start);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      return Outcome.failed("Runtime.Interrupted", "stopped", System.nanoTime() - start);
    }
  }

  /** Discards the current environment (the next invocation starts a new one). */
  @Override
  public void discard() {
    if (thread != null) {
      thread.shutdownNow();
    }
    thread = null;
    handler = null;
  }

  @Override
  public void close() {
    discard();
  }

  @SuppressWarnings("unchecked")
  private void ensureEnvironment() {
    if (handler != null) {
      return;
    }
    environments++;
    RequestHandler<?, ?> h = function.handlerFactory().get();
    if (h == null) {
      throw new IllegalStateException("the handler factory returned null");
    }
    Type[] types = handlerTypes(h.getClass());
    Class<?> inType = types == null ? defaultInput : raw(types[0], defaultInput);
    Class<?> outType = types == null ? Object.class : raw(types[1], Object.class);
    input = (PojoSerializer<Object>) serializer(inType);
    output = (PojoSerializer<Object>) serializer(outType);
    handler = (RequestHandler<Object, Object>) h;
    String name = threadName + "-env" + environments;
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  private static PojoSerializer<?> serializer(Class<?> type) {
    ClassLoader loader =
        type.getClassLoader() == null
            ? FunctionRunner.class.getClassLoader()
            : type.getClassLoader();
    if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
      return LambdaEventSerializers.serializerFor(type, loader);
    }
    return JacksonFactory.getInstance().getSerializer(type);
  }

  /** The type arguments of {@code RequestHandler<I, O>} as the class declares them, or null. */
  static Type[] handlerTypes(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          return p.getActualTypeArguments();
        }
      }
    }
    return null;
  }

  private static Class<?> raw(Type t, Class<?> fallback) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return fallback;
  }

  /** For messages. */
  static String seconds(Duration d) {
    return String.format("%.2f", d.toMillis() / 1000.0);
  }
}
