package dev.shardwise.cli;

import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shardwise} command line. Each subcommand is its own class. */
@Command(
    name = "shardwise",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Stream analytics for device and web telemetry, on AWS or on one machine.",
    subcommands = {
      DemoCommand.class,
      VersionCommand.class,
      ValidateCommand.class,
      LocalCommand.class,
      ProduceCommand.class,
      QueryCommand.class,
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
    return commandLine(InstantSource.system());
  }

  /**
   * {@link #commandLine()} with the clock that commands read "now" from (tests pass a fixed one).
   */
  static CommandLine commandLine(InstantSource clock) {
    CommandLine cli = new CommandLine(new ShardwiseCommand(), new Factory(clock));
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli;
  }

  /** Creates the subcommands, handing them what they need injected. */
  private record Factory(InstantSource clock) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ValidateCommand.class) {
        return type.cast(new ValidateCommand(clock));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
