package dev.shardwise.core.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.shardwise.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An event as JSON text built field by field, independent of {@code EventEncoder}: tests write
 * events in other spellings (field order, offsets, fraction digits, number forms, whitespace,
 * unknown fields) and break them one rule at a time. Each field holds its raw JSON value text;
 * duplicate names are allowed (to build broken events). Immutable.
 */
public final class RawEvent {

  private final List<Map.Entry<String, String>> fields;

  private RawEvent(List<Map.Entry<String, String>> fields) {
    this.fields = List.copyOf(fields);
  }

  /** The event's fields in the contract's order, in plain spelling. */
  public static RawEvent of(Event e) {
    List<Map.Entry<String, String>> f = new ArrayList<>();
    f.add(Map.entry("schema", "1"));
    f.add(Map.entry("event_id", str(e.eventId())));
    f.add(Map.entry("type", str(e.type().wireName())));
    f.add(Map.entry("time", str(timeText(e.time(), 0, 9, false))));
    f.add(Map.entry("device_id", str(e.deviceId())));
    addIfPresent(f, "session_id", e.sessionId());
    addIfPresent(f, "page", e.page());
    addIfPresent(f, "referrer", e.referrer());
    addIfPresent(f, "country", e.country());
    if (e.hasLoadMs()) {
      f.add(Map.entry("load_ms", Integer.toString(e.loadMs())));
    }
    if (!e.metrics().isEmpty()) {
      f.add(Map.entry("metrics", metricsText(e.metrics(), new ArrayList<>(e.metrics().keySet()))));
    }
    return new RawEvent(f);
  }

  /**
   * The same event in another valid spelling: shuffled fields and metrics, a random offset and
   * number of fraction digits, {@code 1.0}-style integers, a query string or fragment on the page
   * (when the raw length allows), {@code null} for some absent optional fields, unknown fields.
   */
  public static RawEvent variant(Event e, Random r) {
    RawEvent raw = of(e);
    if (r.nextBoolean()) {
      raw = raw.with("schema", r.nextBoolean() ? "1.0" : "1e0");
    }
    // within +-18:00 (what java.time and real clocks produce; RFC 3339 allows up to 23:59)
    int offsetMinutes = r.nextInt(3) == 0 ? 0 : r.nextInt(2 * 1080 + 1) - 1080;
    raw = raw.with("time", str(timeText(e.time(), offsetMinutes, r.nextInt(10), r.nextBoolean())));
    if (e.page() != null && r.nextBoolean()) {
      String suffix = r.nextBoolean() ? "?q=1&r=/x#frag" : "#top";
      if (e.page().codePointCount(0, e.page().length()) + suffix.length() <= 2048) {
        raw = raw.with("page", str(e.page() + suffix));
      }
    }
    if (e.hasLoadMs() && r.nextInt(4) == 0) {
      raw = raw.with("load_ms", e.loadMs() + ".0");
    }
    for (String optional : List.of("session_id", "referrer", "country", "load_ms")) {
      if (!raw.has(optional) && r.nextInt(4) == 0) {
        raw = raw.with(optional, "null");
      }
    }
    if (!e.metrics().isEmpty()) {
      List<String> names = new ArrayList<>(e.metrics().keySet());
      Collections.shuffle(names, r);
      raw = raw.with("metrics", metricsText(e.metrics(), names));
    }
    if (r.nextBoolean()) {
      raw = raw.with("x_unknown", "{\"nested\":[1,2.5,{\"a\":null}],\"s\":\"\\u00e9\"}");
    }
    if (r.nextBoolean()) {
      raw = raw.with("schema_v2_field", "[true,false,null]");
    }
    return raw.shuffled(r);
  }

  /** Replaces the first field named {@code name}, or appends it. */
  public RawEvent with(String name, String rawValue) {
    List<Map.Entry<String, String>> f = new ArrayList<>(fields);
    for (int i = 0; i < f.size(); i++) {
      if (f.get(i).getKey().equals(name)) {
        f.set(i, Map.entry(name, rawValue));
        return new RawEvent(f);
      }
    }
    f.add(Map.entry(name, rawValue));
    return new RawEvent(f);
  }

  /** Appends another occurrence of {@code name}, even if it is there already. */
  public RawEvent withDuplicate(String name, String rawValue) {
    List<Map.Entry<String, String>> f = new ArrayList<>(fields);
    f.add(Map.entry(name, rawValue));
    return new RawEvent(f);
  }

  /** Without any field named {@code name}. */
  public RawEvent without(String name) {
    List<Map.Entry<String, String>> f = new ArrayList<>(fields);
    f.removeIf(e -> e.getKey().equals(name));
    return new RawEvent(f);
  }

  /** The raw value of the first field named {@code name}, or null. */
  public String get(String name) {
    return fields.stream()
        .filter(e -> e.getKey().equals(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  public boolean has(String name) {
    return get(name) != null;
  }

  /** The same fields in random order. */
  public RawEvent shuffled(Random r) {
    List<Map.Entry<String, String>> f = new ArrayList<>(fields);
    Collections.shuffle(f, r);
    return new RawEvent(f);
  }

  /** Compact JSON text. */
  public String json() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> f : fields) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(str(f.getKey())).append(':').append(f.getValue());
    }
    return sb.append('}').toString();
  }

  /**
   * Compact JSON text with {@code separator} instead of the comma before field {@code index}
   * (1-based among the fields after the first): {@code ""} drops a comma.
   */
  public String jsonWithSeparator(int index, String separator) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(i == index ? separator : ",");
      }
      sb.append(str(fields.get(i).getKey())).append(':').append(fields.get(i).getValue());
    }
    return sb.append('}').toString();
  }

  /** The number of fields (duplicates counted). */
  public int size() {
    return fields.size();
  }

  /** The field names in order (duplicates repeated). */
  public List<String> names() {
    return fields.stream().map(Map.Entry::getKey).toList();
  }

  /** JSON text with random insignificant whitespace between tokens. */
  public String json(Random r) {
    StringBuilder sb = new StringBuilder(ws(r)).append('{');
    boolean first = true;
    for (Map.Entry<String, String> f : fields) {
      if (!first) {
        sb.append(ws(r)).append(',');
      }
      first = false;
      sb.append(ws(r)).append(str(f.getKey())).append(ws(r)).append(':').append(ws(r));
      sb.append(f.getValue());
    }
    return sb.append(ws(r)).append('}').append(ws(r)).toString();
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return json();
  }

  /** A JSON string literal (Jackson's escaping, not ours). */
  public static String str(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }

  /**
   * The RFC 3339 text of {@code t} at an offset, with at least the fraction digits it needs and
   * {@code digits} if more. Falls back to {@code Z} when the offset would leave the years
   * 0000-9999.
   */
  public static String timeText(Instant t, int offsetMinutes, int digits, boolean lowerCase) {
    LocalDateTime local =
        LocalDateTime.ofEpochSecond(
            t.getEpochSecond() + offsetMinutes * 60L, t.getNano(), ZoneOffset.UTC);
    if (local.getYear() < 0 || local.getYear() > 9999) {
      return timeText(t, 0, digits, lowerCase);
    }
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "%04d-%02d-%02d%c%02d:%02d:%02d",
                local.getYear(),
                local.getMonthValue(),
                local.getDayOfMonth(),
                lowerCase ? 't' : 'T',
                local.getHour(),
                local.getMinute(),
                local.getSecond()));
    String fraction = String.format("%09d", t.getNano());
    int needed = 9;
    while (needed > 0 && fraction.charAt(needed - 1) == '0') {
      needed--;
    }
    int n = Math.max(needed, digits);
    if (n > 0) {
      sb.append('.').append(fraction, 0, n);
    }
    if (offsetMinutes == 0) {
      sb.append(lowerCase ? "z" : "Z");
    } else {
      int abs = Math.abs(offsetMinutes);
      sb.append(offsetMinutes < 0 ? '-' : '+')
          .append(String.format("%02d:%02d", abs / 60, abs % 60));
    }
    return sb.toString();
  }

  private static String metricsText(Map<String, Double> metrics, List<String> order) {
    StringBuilder sb = new StringBuilder("{");
    for (String name : order) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(str(name)).append(':').append(Double.toString(metrics.get(name)));
    }
    return sb.append('}').toString();
  }

  private static void addIfPresent(List<Map.Entry<String, String>> f, String name, String value) {
    if (value != null) {
      f.add(Map.entry(name, str(value)));
    }
  }

  private static String ws(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> " ";
      case 1 -> "\n";
      case 2 -> "\t ";
      case 3 -> "\r\n";
      default -> "";
    };
  }
}
