package dev.shardwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shardwise} command line. Each subcommand is its own class. */
@Command(
    name = "shardwise",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Stream analytics for device and web telemetry, on AWS or on one machine.",
    subcommands = {
      VersionCommand.class,
      LocalCommand.class,
      AlarmsCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ShardwiseCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with the project's error handling: messages, never stack traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ShardwiseCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
