package dev.shardwise.consumer.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Structured log lines (JSON: {@code level}, {@code message}, fields, and for errors the exception
 * with its stack trace in one event). The consumer logs only what is abnormal: one ERROR per
 * failure, WARN for defined-but-notable behaviour (a segment closed early).
 */
public final class StructuredLog {
  private static final JsonFactory JSON = new JsonFactory();

  private final LineLogger logger;

  public StructuredLog(LineLogger logger) {
    this.logger = logger;
  }

  public void warn(String message, Map<String, ?> fields) {
    logger.log(line("WARN", message, fields, null));
  }

  public void error(String message, Map<String, ?> fields, Throwable e) {
    logger.log(line("ERROR", message, fields, e));
  }

  static String line(String level, String message, Map<String, ?> fields, Throwable e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("level", level);
      g.writeStringField("message", message);
      for (Map.Entry<String, ?> f : fields.entrySet()) {
        Object v = f.getValue();
        if (v instanceof Number n) {
          g.writeNumberField(f.getKey(), n.longValue());
        } else {
          g.writeStringField(f.getKey(), String.valueOf(v));
        }
      }
      if (e != null) {
        g.writeStringField("errorType", e.getClass().getName());
        g.writeStringField("errorMessage", String.valueOf(e.getMessage()));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        g.writeStringField("stackTrace", trace.toString());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toString();
  }
}
