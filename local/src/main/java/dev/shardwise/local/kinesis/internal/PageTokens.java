package dev.shardwise.local.kinesis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Pagination tokens of ListStreams and ListShards, and ListShards' {@code ShardFilter}. A
 * ListShards token carries the stream, the last shard returned and the filter; it expires after 300
 * seconds, as AWS's do ({@code ExpiredNextTokenException}).
 */
public final class PageTokens {
  static final long TOKEN_TTL_MILLIS = 300_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILTER_TYPES =
      List.of(
          "AFTER_SHARD_ID",
          "AT_TRIM_HORIZON",
          "FROM_TRIM_HORIZON",
          "AT_LATEST",
          "AT_TIMESTAMP",
          "FROM_TIMESTAMP");

  private PageTokens() {}

  /** A ListShards page: which stream, after which shard, with which filter. */
  public record ShardsPage(
      String stream,
      long streamEpoch,
      String after,
      String filterType,
      long filterMillis,
      long issuedAt) {
    ShardsPage withAfter(String shardId, long epoch) {
      return new ShardsPage(stream, epoch, shardId, filterType, filterMillis, issuedAt);
    }
  }

  static ShardsPage firstShardsPage(String stream, String start, ObjectNode filter, long now)
      throws AwsServiceException {
    String type = null;
    long millis = 0;
    String after = start;
    if (filter != null) {
      String t = JsonRequest.string(filter, "Type");
      if (t == null) {
        throw JsonRequest.missing("shardFilter.type");
      }
      type = Args.oneOf("shardFilter.type", t, FILTER_TYPES);
      String shardId = JsonRequest.string(filter, "ShardId");
      JsonNode ts = JsonRequest.member(filter, "Timestamp");
      switch (type) {
        case "AFTER_SHARD_ID" -> {
          if (shardId == null) {
            throw AwsServiceException.invalidArgument(
                "ShardId must be provided for ShardFilter type AFTER_SHARD_ID.");
          }
          after = Args.shardId("shardFilter.shardId", shardId);
        }
        case "AT_TIMESTAMP", "FROM_TIMESTAMP" -> {
          if (ts == null || !ts.isNumber()) {
            throw AwsServiceException.invalidArgument(
                "Timestamp must be provided for ShardFilter type " + type + ".");
          }
          millis = timestampMillis(ts);
        }
        default -> {}
      }
    }
    return new ShardsPage(stream, 0, after, type, millis, now);
  }

  /** Both formats send a number; below 10^11 it is seconds (JSON), else millis (CBOR). */
  private static long timestampMillis(JsonNode ts) {
    double v = ts.doubleValue();
    return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  }

  /** Whether a shard passes the page's filter. */
  static boolean matches(ShardsPage p, Stream s, Shard sh, long now) {
    if (p.filterType() == null) {
      return true;
    }
    return switch (p.filterType()) {
      case "AT_LATEST" -> sh.isOpen();
      case "AT_TRIM_HORIZON" -> openAt(sh, Math.max(s.createdMillis, now - s.retentionMillis()));
      case "AT_TIMESTAMP" -> openAt(sh, Math.max(s.createdMillis, p.filterMillis()));
      case "FROM_TIMESTAMP" ->
          sh.isOpen() || sh.closedMillis() > Math.max(s.createdMillis, p.filterMillis());
      default -> true; // AFTER_SHARD_ID (applied as 'after'), FROM_TRIM_HORIZON
    };
  }

  private static boolean openAt(Shard sh, long t) {
    return sh.createdMillis <= t && (sh.isOpen() || sh.closedMillis() > t);
  }

  static String shardsToken(ShardsPage p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("s", p.stream()).put("e", p.streamEpoch()).put("a", p.after());
    n.put("f", p.filterType()).put("m", p.filterMillis()).put("t", p.issuedAt());
    return encode(n);
  }

  static ShardsPage decodeShardsToken(String token, long now) throws AwsServiceException {
    JsonNode n = decode(token);
    if (!n.path("s").isTextual() || !n.path("t").canConvertToLong()) {
      throw invalid();
    }
    if (now - n.get("t").asLong() > TOKEN_TTL_MILLIS) {
      throw Errors.expiredNextToken();
    }
    return new ShardsPage(
        n.get("s").asText(),
        n.path("e").asLong(),
        n.path("a").textValue(),
        n.path("f").textValue(),
        n.path("m").asLong(),
        n.get("t").asLong());
  }

  static String streamsToken(String lastName) {
    ObjectNode n = JSON.createObjectNode();
    n.put("l", lastName);
    return encode(n);
  }

  static String decodeStreamsToken(String token) throws AwsServiceException {
    JsonNode n = decode(token);
    if (!n.path("l").isTextual()) {
      throw invalid();
    }
    return n.get("l").asText();
  }

  private static String encode(ObjectNode n) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode decode(String token) throws AwsServiceException {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token);
      JsonNode n = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
      if (n == null || !n.isObject()) {
        throw invalid();
      }
      return n;
    } catch (IOException | IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static AwsServiceException invalid() {
    return AwsServiceException.invalidArgument("Invalid NextToken.");
  }
}
