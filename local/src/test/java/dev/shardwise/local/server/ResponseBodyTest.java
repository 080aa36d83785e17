package dev.shardwise.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {

  @Test
  void writesOfAnySize_areKeptInOrder_inChunksNoLargerThanTheMaximum() throws IOException {
    // GIVEN 3 MB written as single bytes and as slices of random lengths, some over a chunk
    SplittableRandom random = new SplittableRandom(7);
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    random.nextBytes(data);
    ResponseBody body = new ResponseBody();
    int p = 0;
    while (p < data.length) {
      if (random.nextInt(4) == 0) {
        body.write(data[p++]);
      } else {
        int n = Math.min(data.length - p, random.nextInt(2 * ResponseBody.MAX_CHUNK));
        body.write(data, p, n);
        p += n;
      }
    }

    // WHEN it is written out
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);

    // THEN the bytes are the same, and no chunk is larger than the maximum
    assertThat(body.size()).isEqualTo(data.length);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(body.toByteArray()).isEqualTo(data);
    assertThat(java.util.Arrays.stream(body.chunkLengths()).max().getAsInt()).isEqualTo(64 * 1024);
  }

  @Test
  void anEmptyBody_writesNothing() throws IOException {
    ResponseBody body = new ResponseBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    assertThat(body.size()).isZero();
    assertThat(out.size()).isZero();
  }

  @Test
  void encode_givesTheMappersBytes_inBothFormats() throws IOException {
    for (WireFormat format : WireFormat.values()) {
      ObjectNode node = format.mapper().createObjectNode();
      ArrayNode records = node.putArray("Records");
      for (int i = 0; i < 5_000; i++) {
        records.addObject().put("SequenceNumber", "4960" + i).put("Data", new byte[200]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      format.encode(node).writeTo(out);
      assertThat(out.toByteArray()).isEqualTo(format.mapper().writeValueAsBytes(node));
    }
  }
}
