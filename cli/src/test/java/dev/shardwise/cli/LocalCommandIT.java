package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalCommandIT {

  @TempDir Path dataDir;

  @Test
  void local_printsTheEndpointAndAnAwsCliExample_servesUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () -> exit.set(cli.execute("local", "--port", "0", "--data-dir", dataDir.toString())));
    t.start();

    String url = awaitUrl(out);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("ListAllMyBucketsResult");
    assertThat(out.toString())
        .contains("aws --endpoint-url " + url + " kinesis create-stream")
        .contains("Listening on loopback only");

    t.interrupt();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
  }

  @Test
  void pipeline_createsTheResourcesAndSaysHowToSendTraffic() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    cli.execute(
                        "local", "--port", "0", "--pipeline", "--data-dir", dataDir.toString())));
    t.start();

    String url = awaitUrl(out);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!out.toString().contains("./shardwise produce") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(out.toString())
        .contains(
            "Pipeline: stream shardwise-events (2 shards), delivery streams shardwise-events,")
        .contains("consumer attached")
        .contains("./shardwise produce --endpoint-url " + url + " --stream shardwise-events");
    assertThat(dataDir.resolve("shardwise-archive")).isDirectory();

    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
  }

  @Test
  void badServiceSetting_failsAtStartNamingTheKey() {
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "local", "--port", "0", "--data-dir", dataDir.toString(), "--set", "kinesis.fsync=x");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("kinesis.fsync").doesNotContain("\tat ");
  }

  private static String awaitUrl(StringWriter out) throws InterruptedException {
    Pattern p = Pattern.compile("Kinesis Data Streams\\s+(http://\\S+)");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no endpoint printed; output was: " + out);
  }
}
