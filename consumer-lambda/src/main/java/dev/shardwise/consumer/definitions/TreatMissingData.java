package dev.shardwise.consumer.definitions;

/**
 * How an alarm treats periods without a datapoint, as CloudWatch's {@code TreatMissingData}. The
 * evaluator documents the exact rules (docs/alarms.md).
 */
public enum TreatMissingData {
  /** The default: missing periods are neither good nor bad; all missing gives INSUFFICIENT_DATA. */
  MISSING("missing"),
  /** Missing periods keep the current state. */
  IGNORE("ignore"),
  /** Missing periods count as breaching. */
  BREACHING("breaching"),
  /** Missing periods count as within the threshold. */
  NOT_BREACHING("notBreaching");

  private final String apiName;

  TreatMissingData(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** The treatment named {@code apiName}, or {@code null}. */
  public static TreatMissingData fromApiName(String apiName) {
    for (TreatMissingData t : values()) {
      if (t.apiName.equals(apiName)) {
        return t;
      }
    }
    return null;
  }
}
