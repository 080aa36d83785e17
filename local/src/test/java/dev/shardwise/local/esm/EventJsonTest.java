package dev.shardwise.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.esm.internal.EventBuffer;
import dev.shardwise.local.esm.internal.EventJson;
import dev.shardwise.local.esm.internal.PolledRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The event JSON the poller writes byte by byte equals the one built field by field with Jackson,
 * and Lambda's serializer reads it back.
 */
class EventJsonTest {
  /** Reads numbers with a fraction as BigDecimal, so the timestamp's digits are compared. */
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
  static final String ROLE = "arn:aws:iam::000000000000:role/r";
  final EventJson events = new EventJson(STREAM, "us-east-1", ROLE);

  static List<PolledRecord> records() {
    SplittableRandom random = new SplittableRandom(7);
    List<PolledRecord> out = new ArrayList<>();
    String[] keys = {
      "device-1", "a\"quote", "back\\slash", "tab\there", "ünï€ode 🙂", "\u0001", ""
    };
    for (int i = 0; i < 60; i++) {
      byte[] data = new byte[i % 7 == 0 ? 0 : random.nextInt(1, 300)];
      random.nextBytes(data);
      out.add(
          new PolledRecord(
              "4963" + (1_000_000_000L + i),
              keys[i % keys.length],
              data,
              // one arrival below a second: "0.005"
              Instant.ofEpochMilli(i == 3 ? 5 : 1_765_000_000_000L + i * 37L)));
    }
    return out;
  }

  /** The expected event, built as a tree. */
  static ObjectNode reference(String shardId, List<PolledRecord> records) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode rs = root.putArray("Records");
    for (PolledRecord r : records) {
      ObjectNode rec = rs.addObject();
      ObjectNode k = rec.putObject("kinesis");
      k.put("kinesisSchemaVersion", "1.0");
      k.put("partitionKey", r.partitionKey());
      k.put("sequenceNumber", r.sequenceNumber());
      k.put("data", Base64.getEncoder().encodeToString(r.data()));
      k.put("approximateArrivalTimestamp", BigDecimal.valueOf(r.arrival().toEpochMilli(), 3));
      rec.put("eventSource", "aws:kinesis");
      rec.put("eventVersion", "1.0");
      rec.put("eventID", shardId + ":" + r.sequenceNumber());
      rec.put("eventName", "aws:kinesis:record");
      rec.put("invokeIdentityArn", ROLE);
      rec.put("awsRegion", "us-east-1");
      rec.put("eventSourceARN", STREAM);
    }
    return root;
  }

  @Test
  void build_equalsTheEventBuiltFieldByField_forAnyKeyAndDataLength() throws Exception {
    List<PolledRecord> records = records();
    JsonNode got = JSON.readTree(events.build("shardId-000000000001", records, null));
    assertThat(got).isEqualTo(reference("shardId-000000000001", records));
    // the timestamp keeps three decimals, as Lambda writes it
    assertThat(new String(events.build("s", records.subList(0, 1), null), StandardCharsets.UTF_8))
        .contains("\"approximateArrivalTimestamp\":1765000000.000}");
  }

  @Test
  void build_intoAReusedBuffer_replacesWhatItHeld() throws Exception {
    List<PolledRecord> records = records();
    EventBuffer buffer = new EventBuffer(16);
    events.build("s", records, null, buffer);
    events.build("s", records.subList(0, 2), null, buffer);
    assertThat(JSON.readTree(buffer.inputStream()))
        .isEqualTo(reference("s", records.subList(0, 2)));
  }

  @Test
  void build_withAWindow_addsTheWindowFields() throws Exception {
    ObjectNode state = JSON.createObjectNode().put("n", "3");
    byte[] json =
        events.build(
            "s",
            records().subList(0, 1),
            new EventJson.Window(
                Instant.parse("2026-12-06T10:00:00Z"),
                Instant.parse("2026-12-06T10:01:00Z"),
                state,
                true,
                false));
    ObjectNode expected = reference("s", records().subList(0, 1));
    expected
        .putObject("window")
        .put("start", "2026-12-06T10:00:00Z")
        .put("end", "2026-12-06T10:01:00Z");
    expected.set("state", state);
    expected.put("shardId", "s");
    expected.put("eventSourceARN", STREAM);
    expected.put("isFinalInvokeForWindow", true);
    expected.put("isWindowTerminatedEarly", false);
    assertThat(JSON.readTree(json)).isEqualTo(expected);
  }

  @Test
  void lambdasSerializer_readsTheEventBack() throws Exception {
    List<PolledRecord> records = records();
    PojoSerializer<KinesisEvent> serializer =
        LambdaEventSerializers.serializerFor(KinesisEvent.class, getClass().getClassLoader());
    EventBuffer buffer = new EventBuffer();
    events.build("shardId-000000000001", records, null, buffer);
    KinesisEvent event = serializer.fromJson(buffer.inputStream());
    assertThat(event.getRecords()).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      KinesisEvent.KinesisEventRecord got = event.getRecords().get(i);
      PolledRecord want = records.get(i);
      assertThat(got.getKinesis().getPartitionKey()).isEqualTo(want.partitionKey());
      assertThat(got.getKinesis().getSequenceNumber()).isEqualTo(want.sequenceNumber());
      byte[] data = new byte[got.getKinesis().getData().remaining()];
      got.getKinesis().getData().get(data);
      assertThat(data).isEqualTo(want.data());
      assertThat(got.getKinesis().getApproximateArrivalTimestamp().toInstant())
          .isEqualTo(want.arrival());
      assertThat(got.getEventID()).isEqualTo("shardId-000000000001:" + want.sequenceNumber());
      assertThat(got.getEventSourceARN()).isEqualTo(STREAM);
    }
  }

  @Test
  void aSequenceNumberThatWouldNeedEscaping_isRefused() {
    List<PolledRecord> bad = List.of(new PolledRecord("49\"63", "k", new byte[1], Instant.EPOCH));
    assertThatThrownBy(() -> events.build("s", bad, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a plain ASCII value");
  }
}
