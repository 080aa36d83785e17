package dev.shardwise.firehose;

/**
 * A delivery-stream definition that breaks a rule: names the source (file), the member path (as in
 * the API, e.g. {@code ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs}) and the rule.
 */
public final class InvalidDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;

  public InvalidDefinitionException(String source, String field, String problem) {
    super(source + ": " + field + ": " + problem);
    this.source = source;
    this.field = field;
  }

  /** The file (or other source) of the definition. */
  public String source() {
    return source;
  }

  /** The member path, e.g. {@code ExtendedS3DestinationConfiguration.Prefix}. */
  public String field() {
    return field;
  }

  /** The broken rule, without source and field. */
  public String problem() {
    String m = getMessage();
    return m.substring(source.length() + field.length() + 4);
  }
}
