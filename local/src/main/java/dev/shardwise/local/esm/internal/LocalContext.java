package dev.shardwise.local.esm.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** The {@link Context} of one in-process invocation: ids, names, memory, a deadline, a logger. */
final class LocalContext implements Context {
  private final String requestId;
  private final String functionName;
  private final String functionArn;
  private final int memoryMb;
  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private final LambdaLogger logger;

  LocalContext(
      String requestId,
      String functionName,
      String functionArn,
      int memoryMb,
      long deadlineNanos,
      LongSupplier nanoTime,
      Consumer<String> lines) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.functionArn = functionArn;
    this.memoryMb = memoryMb;
    this.deadlineNanos = deadlineNanos;
    this.nanoTime = nanoTime;
    this.logger = new LineLogger(lines);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local/[$LATEST]" + Integer.toHexString(System.identityHashCode(logger));
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long left = (deadlineNanos - nanoTime.getAsLong()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  /** Splits what the handler logs into lines, as CloudWatch Logs receives them. */
  private static final class LineLogger implements LambdaLogger {
    private final Consumer<String> lines;

    LineLogger(Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public void log(String message) {
      if (message == null) {
        return;
      }
      int start = 0;
      while (start < message.length()) {
        int nl = message.indexOf('\n', start);
        int end = nl < 0 ? message.length() : nl;
        if (end > start) {
          lines.accept(message.substring(start, end));
        }
        start = end + 1;
      }
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  }
}
