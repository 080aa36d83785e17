package dev.shardwise.cli;

import dev.shardwise.local.LocalRuntime;
import dev.shardwise.local.LocalSettings;
import dev.shardwise.local.PipelineResources;
import dev.shardwise.local.alarms.ConsoleAlarmPrinter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardwise local}: the local AWS endpoints, up until interrupted. */
@Command(
    name = "local",
    description = {
      "Start the local AWS endpoints (Kinesis, S3, ...) on one port and keep them up until Ctrl-C.",
      "Point the AWS CLI or any SDK at the printed URL."
    })
final class LocalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = ".shardwise",
      description = "Where the services keep their data (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "" + LocalSettings.DEFAULT_PORT,
      description = "Port of the one endpoint; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}). Anything else exposes the endpoints"
              + " beyond this machine, without authentication.")
  String bind;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A service setting, e.g. --set kinesis.limits=off or --set"
              + " alarms.webhook=http://127.0.0.1:9000/hook (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(
      names = "--pipeline",
      description =
          "Also create the pipeline's resources from the shared definitions (stream, buckets,"
              + " delivery streams, queues) and run the consumer behind its event source mapping,"
              + " so that `shardwise produce` flows through to Athena.")
  boolean pipeline;

  @Override
  public Integer call() throws Exception {
    LocalSettings settings = new LocalSettings(dataDir, address(), port, options);
    PrintWriter out = spec.commandLine().getOut();
    LocalRuntime runtime = LocalRuntime.start(settings, InstantSource.system());
    PipelineResources resources = null;
    if (pipeline) {
      try {
        resources = PipelineResources.on(runtime).create();
      } catch (RuntimeException e) {
        runtime.close();
        throw e;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(runtime::close, "shardwise-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    for (String line : banner(runtime)) {
      out.println(line);
    }
    if (resources != null) {
      out.println();
      out.println(
          "Pipeline: stream "
              + resources.streamName()
              + " ("
              + resources.shardCount()
              + " shards), delivery streams "
              + String.join(", ", resources.deliveryStreams())
              + ", consumer attached. Send traffic with:");
      out.println(
          "  ./shardwise produce --endpoint-url "
              + runtime.endpoint()
              + " --stream "
              + resources.streamName()
              + " --rate 200 --duration 2m");
    }
    out.flush();
    if (runtime.alarms() != null) {
      runtime
          .alarms()
          .engine()
          .addListener(
              new ConsoleAlarmPrinter(
                  line -> {
                    synchronized (out) {
                      out.println(line);
                      out.flush();
                    }
                  }));
    }
    try {
      stopped.await(); // until Ctrl-C runs the hook, or the thread is interrupted
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      runtime.close();
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static String[] banner(LocalRuntime runtime) {
    String url = runtime.endpoint().toString();
    boolean loopback = runtime.settings().bindAddress().isLoopbackAddress();
    return new String[] {
      "shardwise local: endpoints up, data in " + runtime.settings().dataDir(),
      "",
      "  Kinesis Data Streams  " + url,
      "  S3 (path-style)       " + url,
      "  SQS                   " + url,
      "  Athena (DuckDB)       " + url,
      runtime.firehose() == null
          ? "  Firehose              off (--set firehose=off)"
          : "  Firehose              " + url,
      "",
      "Try it with the AWS CLI (any credentials work):",
      "  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1",
      "  aws --endpoint-url " + url + " kinesis create-stream --stream-name demo --shard-count 1",
      "  aws --endpoint-url " + url + " s3 ls",
      "",
      runtime.alarms() == null
          ? "Alarms are off (--set alarms=off)."
          : "Alarms: the shared specification ("
              + runtime.alarms().engine().specification().names().size()
              + " alarms) is evaluated each minute; state changes print below.",
      "  ./shardwise alarms --data-dir "
          + runtime.settings().dataDir()
          + "   (states, history, runbooks)",
      "",
      loopback
          ? "Listening on loopback only. Ctrl-C stops."
          : "WARNING: listening beyond loopback, without authentication. Ctrl-C stops.",
    };
  }

  private InetAddress address() {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--bind: not an address: " + bind);
    }
  }
}
