package dev.shardwise.cli;

import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.event.internal.Rfc3339;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shardwise validate FILE}: decodes every line of a JSON-lines file with the consumer's
 * {@link EventDecoder} and prints how many events are valid and how many were rejected for each
 * reason of the contract. Streams the file: memory stays constant however large it is.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a file of JSON-lines events (one event per line) against the event contract,"
          + " schema 1, and print the count of valid events and of rejects per reason."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every event is valid (or --report-only)",
      "1:at least one event was rejected",
      "2:the file cannot be read, or an option is wrong"
    })
final class ValidateCommand implements Callable<Integer> {

  static final int EXIT_REJECTS = 1;

  /** The reasons the event decoder gives (a KPL aggregate's reason does not apply to a file). */
  private static final List<RejectReason> EVENT_REASONS =
      List.of(
          RejectReason.MALFORMED_JSON,
          RejectReason.BAD_UTF8,
          RejectReason.TOO_LARGE,
          RejectReason.MISSING_FIELD,
          RejectReason.BAD_TYPE,
          RejectReason.BAD_VALUE,
          RejectReason.UNSUPPORTED_SCHEMA,
          RejectReason.TIME_OUT_OF_RANGE);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      description =
          "JSON lines, one event per line; '-' reads standard input. Blank lines are skipped.")
  String file;

  @Option(
      names = "--arrival-time",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description =
          "Judge event times as if they arrived at this RFC 3339 time (default: now). The contract"
              + " rejects events more than 7 days older or 5 minutes newer than their arrival.")
  Instant arrivalTime;

  @Option(
      names = "--report-only",
      description = "Exit with status 0 even when events are rejected.")
  boolean reportOnly;

  @Option(
      names = "--examples",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Show the first N rejected lines with their reason (default: ${DEFAULT-VALUE}).")
  int examples;

  private final InstantSource clock;

  ValidateCommand() {
    this(InstantSource.system());
  }

  ValidateCommand(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (examples < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--examples must not be negative");
    }
    Instant arrival = arrivalTime != null ? arrivalTime : clock.instant();
    Tally tally = new Tally(EventDecoder.standard(), arrival, examples);
    boolean stdin = "-".equals(file);
    if (!stdin && Files.isDirectory(Path.of(file))) {
      return cannotRead("is a directory");
    }
    try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file))) {
      JsonLines.read(in, EventDecoder.MAX_EVENT_BYTES, tally);
    } catch (IOException e) {
      return cannotRead(why(e));
    }
    tally.print(out, "-".equals(file) ? "standard input" : file, arrival);
    out.flush();
    return tally.rejected() > 0 && !reportOnly ? EXIT_REJECTS : 0;
  }

  private int cannotRead(String why) {
    spec.commandLine().getErr().println("shardwise: cannot read " + file + ": " + why);
    return ErrorHandler.EXIT_ERROR;
  }

  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Counts results per reason and keeps the first rejected lines. */
  private static final class Tally implements JsonLines.Sink {
    private final EventDecoder decoder;
    private final Instant arrival;
    private final int maxExamples;
    private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    private final List<String> examples = new ArrayList<>();
    private long valid;
    private long blank;

    Tally(EventDecoder decoder, Instant arrival, int maxExamples) {
      this.decoder = decoder;
      this.arrival = arrival;
      this.maxExamples = maxExamples;
    }

    @Override
    public void line(long number, byte[] buf, int off, int len) {
      if (isBlank(buf, off, len)) {
        blank++;
        return;
      }
      count(number, decoder.decode(buf, off, len, arrival));
    }

    @Override
    public void tooLong(long number, long length) {
      count(number, EventDecoder.tooLarge(length));
    }

    private void count(long number, DecodeResult result) {
      if (result instanceof DecodeResult.Rejected r) {
        rejects.merge(r.reason(), 1L, Long::sum);
        if (examples.size() < maxExamples) {
          examples.add("line " + number + ": " + r.reason().code() + ": " + r.message());
        }
      } else {
        valid++;
      }
    }

    long rejected() {
      return rejects.values().stream().mapToLong(Long::longValue).sum();
    }

    void print(PrintWriter out, String name, Instant arrival) {
      long total = valid + rejected();
      out.printf("%s: %d events, %d valid, %d rejected%n", name, total, valid, rejected());
      out.printf("(event times judged against the arrival time %s)%n", arrival);
      if (blank > 0) {
        out.printf("%d blank lines skipped%n", blank);
      }
      out.println();
      out.printf("  %-20s %12s %8s%n", "result", "events", "share");
      row(out, "valid", valid, total);
      for (RejectReason reason : EVENT_REASONS) {
        row(out, reason.code(), rejects.getOrDefault(reason, 0L), total);
      }
      row(out, "total", total, total);
      if (!examples.isEmpty()) {
        out.println();
        out.println(
            rejected() > examples.size()
                ? "first " + examples.size() + " rejected lines:"
                : "rejected lines:");
        examples.forEach(e -> out.println("  " + e));
      }
    }

    private static void row(PrintWriter out, String label, long count, long total) {
      String share = total == 0 ? "-" : String.format("%.1f%%", 100.0 * count / total);
      out.printf("  %-20s %12d %8s%n", label, count, share);
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        byte b = buf[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }
  }

  /** Reads {@code --arrival-time} with the same RFC 3339 rules as event times. */
  static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Rfc3339.parse(value.toCharArray(), 0, value.length());
      } catch (Rfc3339.InvalidTimeException e) {
        throw new CommandLine.TypeConversionException(
            "'"
                + value
                + "' is not an RFC 3339 time such as 2026-11-21T12:00:00Z: "
                + e.getMessage());
      }
    }
  }
}
