package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.core.event.DecodeResult;
import dev.shardwise.core.event.EventDecoder;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.producer.sim.GroundTruth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.model.Record;

/** {@code shardwise produce} end to end against the local Kinesis endpoint. */
@Timeout(120)
class ProduceCommandIT {
  @TempDir Path dir;

  @Test
  void produce_sendsTheSimulation_andTheStreamHoldsWhatTheTruthSays() throws Exception {
    try (LocalKinesis kinesis = new LocalKinesis(KinesisConfig.defaults(), dir.resolve("data"))) {
      kinesis.createStream("shardwise-events", 2);
      Path truthFile = dir.resolve("truth.jsonl");
      StringWriter out = new StringWriter();
      CommandLine cli = ShardwiseCommand.commandLine();
      cli.setOut(new PrintWriter(out));

      int exit =
          cli.execute(
              "produce",
              "--endpoint-url",
              kinesis.endpoint().toString(),
              "--rate",
              "300",
              "--duration",
              "4s",
              "--devices",
              "60",
              "--seed",
              "5",
              "--aggregate",
              "--faults",
              "duplicate=0.02,late=0.01,future=2,malformed=1",
              "--truth",
              truthFile.toString(),
              "--no-progress");

      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("records delivered").contains("ground truth");
      GroundTruth truth = GroundTruth.read(truthFile);

      // read everything back, deaggregate, and decode at the arrival time
      Set<String> validIds = new HashSet<>();
      Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
      long userRecords = 0;
      for (List<Record> shard : kinesis.readAll("shardwise-events")) {
        for (Record r : shard) {
          Deaggregated d = KplDecoder.deaggregate(r.data().asByteArray(), r.partitionKey(), null);
          for (UserRecord u : ((Deaggregated.Records) d).records()) {
            userRecords++;
            DecodeResult result =
                EventDecoder.standard().decode(u.data(), r.approximateArrivalTimestamp());
            if (result instanceof DecodeResult.Valid v) {
              validIds.add(v.event().eventId());
            } else {
              rejects.merge(((DecodeResult.Rejected) result).reason(), 1L, Long::sum);
            }
          }
        }
      }
      assertThat(userRecords).isEqualTo(truth.events().recordsSent());
      assertThat(validIds).hasSize((int) truth.events().distinctValidEventIds());
      truth
          .rejects()
          .forEach(
              (reason, n) ->
                  assertThat(rejects.getOrDefault(reason, 0L)).as(reason.code()).isEqualTo(n));
      assertThat(truth.faults().duplicates()).isPositive();
    }
  }

  @Test
  void unreachableEndpoint_failsWithTheReason() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    StringWriter err = new StringWriter();
    CommandLine cli = ShardwiseCommand.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "produce",
            "--endpoint-url",
            "http://127.0.0.1:" + port,
            "--duration",
            "1s",
            "--no-progress");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("cannot read the shards of stream 'shardwise-events'")
        .doesNotContain("\tat ");
  }
}
