package dev.shardwise.local.esm;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Lambda function run in-process: its name, how to create a handler instance (one per execution
 * environment: a concurrent shard gets its own, and an instance that timed out is discarded), its
 * environment, timeout and memory size.
 *
 * @param functionName the function's name ({@code shardwise-consumer}), in ARNs and metrics
 * @param handlerFactory creates a handler; called once per execution environment
 * @param environment the function's environment variables (informational for a factory that already
 *     built its handler from them; {@link #forClass} passes them to the constructor)
 * @param timeout 1 s to 900 s; an invocation running longer is a function error
 * @param memoryMb 128 to 10,240 MB, reported by {@code Context.getMemoryLimitInMB()}
 */
public record LocalFunction(
    String functionName,
    Supplier<? extends RequestHandler<?, ?>> handlerFactory,
    Map<String, String> environment,
    Duration timeout,
    int memoryMb) {

  public LocalFunction {
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(handlerFactory, "handlerFactory");
    Objects.requireNonNull(timeout, "timeout");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    if (!functionName.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "functionName must be 1-64 of a-z A-Z 0-9 _ - (got '" + functionName + "')");
    }
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and 900 s (got " + timeout + ")");
    }
    if (memoryMb < 128 || memoryMb > 10_240) {
      throw new IllegalArgumentException("memoryMb must be 128..10240 (got " + memoryMb + ")");
    }
  }

  /**
   * The function's environment with the variables Lambda sets for every function added where the
   * user did not set them: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code
   * AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, {@code
   * AWS_LAMBDA_FUNCTION_VERSION} and the execution role's credentials ({@code AWS_ACCESS_KEY_ID},
   * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}; dummy values the local endpoints
   * accept).
   */
  public static Map<String, String> withLambdaVariables(
      String functionName, int memoryMb, Map<String, String> environment) {
    Map<String, String> env = new java.util.TreeMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("AWS_SESSION_TOKEN", "local");
    env.putAll(environment);
    return Map.copyOf(env);
  }

  /**
   * A function whose handler is the named class, built the way the runtime builds it: with a public
   * constructor taking the environment ({@code Map<String,String>}, with {@link
   * #withLambdaVariables}) if it has one, else its public no-argument constructor.
   */
  public static LocalFunction forClass(
      String functionName,
      String handlerClass,
      Map<String, String> environment,
      Duration timeout,
      int memoryMb) {
    Map<String, String> env =
        withLambdaVariables(functionName, memoryMb, environment == null ? Map.of() : environment);
    Class<?> type;
    try {
      type = Class.forName(handlerClass);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "handler class " + handlerClass + " is not on the classpath", e);
    }
    if (!RequestHandler.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(handlerClass + " does not implement RequestHandler");
    }
    Supplier<RequestHandler<?, ?>> factory =
        () -> {
          try {
            try {
              Constructor<?> withEnv = type.getConstructor(Map.class);
              return (RequestHandler<?, ?>) withEnv.newInstance(env);
            } catch (NoSuchMethodException e) {
              return (RequestHandler<?, ?>) type.getConstructor().newInstance();
            }
          } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                "the constructor of " + handlerClass + " failed: " + e.getCause(), e.getCause());
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + handlerClass + ": " + e, e);
          }
        };
    return new LocalFunction(functionName, factory, env, timeout, memoryMb);
  }
}
