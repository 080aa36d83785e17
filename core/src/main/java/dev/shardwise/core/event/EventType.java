package dev.shardwise.core.event;

/** The {@code type} field of an event (schema version 1). */
public enum EventType {
  PAGE_VIEW("page_view"),
  CLICK("click"),
  TELEMETRY("telemetry");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The value as it appears in the JSON event. */
  public String wireName() {
    return wireName;
  }

  /** Whether events of this type must carry a {@code page}. */
  public boolean requiresPage() {
    return this != TELEMETRY;
  }

  /** The type for a wire name, or {@code null} if there is none. */
  public static EventType fromWireName(String name) {
    return switch (name) {
      case "page_view" -> PAGE_VIEW;
      case "click" -> CLICK;
      case "telemetry" -> TELEMETRY;
      default -> null;
    };
  }
}
