package dev.shardwise.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.RestService;
import dev.shardwise.local.server.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * SQS's older query protocol (form-encoded {@code Action=...} POSTs answered in XML), which AWS CLI
 * versions before the JSON protocol (such as Debian's 2.9) speak. Translates each request to the
 * JSON shape, lets {@link SqsService} answer, and writes the answer as SQS's XML. Registered on the
 * server for requests signed for {@code sqs}.
 */
public final class SqsQueryProtocol implements RestService {
  private static final String NS = "http://queue.amazonaws.com/doc/2012-11-05/";
  private static final Set<String> INTS =
      Set.of(
          "MaxNumberOfMessages",
          "VisibilityTimeout",
          "WaitTimeSeconds",
          "DelaySeconds",
          "MaxResults");

  private final SqsService sqs;

  public SqsQueryProtocol(SqsService sqs) {
    this.sqs = sqs;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String query = exchange.getRequestURI().getRawQuery();
    Map<String, String> params = form(query == null ? body : query + "&" + body);
    String action = params.getOrDefault("Action", "");
    try {
      ObjectNode json = toJson(params, exchange.getRequestURI().getPath());
      Map<String, String> headers = new LinkedHashMap<>();
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host != null) {
        headers.put("host", host);
      }
      ObjectNode out =
          sqs.handle(new JsonRequest(action, WireFormat.JSON_10, json, headers, body.length()));
      StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>");
      xml.append('<').append(action).append("Response xmlns=\"").append(NS).append("\">");
      xml.append('<').append(action).append("Result>");
      write(xml, out);
      xml.append("</").append(action).append("Result>");
      xml.append("<ResponseMetadata><RequestId>").append(requestId);
      xml.append("</RequestId></ResponseMetadata></").append(action).append("Response>");
      send(exchange, 200, xml.toString());
    } catch (AwsServiceException e) {
      String code = e.errorCode().substring(e.errorCode().indexOf('#') + 1);
      if (code.equals("QueueDoesNotExist")) {
        code = "AWS.SimpleQueueService.NonExistentQueue";
      }
      if (code.equals("QueueNameExists")) {
        code = "QueueAlreadyExists";
      }
      if (code.equals("UnknownOperationException")) {
        code = "InvalidAction";
      }
      send(
          exchange,
          e.httpStatus(),
          "<?xml version=\"1.0\"?><ErrorResponse xmlns=\""
              + NS
              + "\"><Error><Type>"
              + (e.httpStatus() >= 500 ? "Receiver" : "Sender")
              + "</Type><Code>"
              + escape(code)
              + "</Code><Message>"
              + escape(e.getMessage())
              + "</Message><Detail/></Error><RequestId>"
              + requestId
              + "</RequestId></ErrorResponse>");
    }
  }

  private static ObjectNode toJson(Map<String, String> params, String path) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      if (k.equals("Action") || k.equals("Version")) {
        continue;
      }
      int dot = k.indexOf('.');
      if (dot > 0
          && (k.startsWith("AttributeName.") || k.startsWith("MessageSystemAttributeName."))) {
        String list = k.substring(0, dot) + "s";
        ArrayNode a = n.has(list) ? (ArrayNode) n.get(list) : n.putArray(list);
        a.add(e.getValue());
      } else if (k.startsWith("Attribute.") && k.endsWith(".Name")) {
        // Attribute.N.Name / Attribute.N.Value (CreateQueue, SetQueueAttributes)
        String value = params.get(k.substring(0, k.length() - ".Name".length()) + ".Value");
        ObjectNode a =
            n.has("Attributes") ? (ObjectNode) n.get("Attributes") : n.putObject("Attributes");
        a.put(e.getValue(), value == null ? "" : value);
      } else if (INTS.contains(k)) {
        try {
          n.put(k, Integer.parseInt(e.getValue()));
        } catch (NumberFormatException ex) {
          n.put(k, e.getValue());
        }
      } else if (dot < 0) {
        n.put(k, e.getValue());
      }
    }
    if (!n.has("QueueUrl") && path.split("/").length >= 3) {
      n.put("QueueUrl", path);
    }
    return n;
  }

  private static void write(StringBuilder xml, JsonNode node) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (name.equals("Attributes") && v.isObject()) {
        v.fields()
            .forEachRemaining(
                a ->
                    xml.append("<Attribute><Name>")
                        .append(escape(a.getKey()))
                        .append("</Name><Value>")
                        .append(escape(a.getValue().asText()))
                        .append("</Value></Attribute>"));
      } else if (v.isArray()) {
        String item = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        for (JsonNode x : v) {
          xml.append('<').append(item).append('>');
          if (x.isObject()) {
            write(xml, x);
          } else {
            xml.append(escape(x.asText()));
          }
          xml.append("</").append(item).append('>');
        }
      } else {
        xml.append('<').append(name).append('>').append(escape(v.asText()));
        xml.append("</").append(name).append('>');
      }
    }
  }

  private static Map<String, String> form(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\r' -> b.append("&#xD;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static void send(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
