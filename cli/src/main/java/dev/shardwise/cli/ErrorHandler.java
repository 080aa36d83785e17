package dev.shardwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on stderr and exit status 2. The stack trace
 * is printed only with {@code SHARDWISE_DEBUG=1}: a user needs the reason, not the frames.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  static final int EXIT_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    cli.getErr().println(cli.getColorScheme().errorText("shardwise: " + describe(ex)));
    if ("1".equals(System.getenv("SHARDWISE_DEBUG"))) {
      ex.printStackTrace(cli.getErr());
    }
    return EXIT_ERROR;
  }

  static String describe(Throwable ex) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String msg = t.getMessage();
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg);
      if (sb.length() > 500) {
        break;
      }
    }
    return sb.toString();
  }
}
