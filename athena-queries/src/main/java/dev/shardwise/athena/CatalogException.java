package dev.shardwise.athena;

/**
 * A catalogue resource or a DDL statement that cannot be read: names the resource (or the line and
 * column) and what is wrong with it.
 */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
