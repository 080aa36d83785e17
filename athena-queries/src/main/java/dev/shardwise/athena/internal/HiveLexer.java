package dev.shardwise.athena.internal;

import dev.shardwise.athena.CatalogException;
import java.util.ArrayList;
import java.util.List;

/** Splits Hive DDL into tokens, skipping whitespace and comments. */
final class HiveLexer {

  enum Kind {
    WORD,
    QUOTED_NAME,
    STRING,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int line, int column) {
    boolean is(String word) {
      return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
    }

    String where() {
      return "line " + line + ":" + column;
    }
  }

  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;

  private HiveLexer(String src) {
    this.src = src;
  }

  static List<Token> tokens(String src) {
    HiveLexer lexer = new HiveLexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Kind.END);
    return out;
  }

  private Token next() {
    skipSpaceAndComments();
    int col = pos - lineStart + 1;
    if (pos >= src.length()) {
      return new Token(Kind.END, "<EOF>", line, col);
    }
    char c = src.charAt(pos);
    if (Character.isLetterOrDigit(c) || c == '_') {
      int start = pos;
      while (pos < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      return new Token(Kind.WORD, src.substring(start, pos), line, col);
    }
    if (c == '`') {
      int end = src.indexOf('`', pos + 1);
      if (end < 0) {
        throw new CatalogException("line " + line + ":" + col + ": unterminated `name`");
      }
      String name = src.substring(pos + 1, end);
      pos = end + 1;
      return new Token(Kind.QUOTED_NAME, name, line, col);
    }
    if (c == '\'' || c == '"') {
      return new Token(Kind.STRING, string(c, col), line, col);
    }
    pos++;
    return new Token(Kind.SYMBOL, String.valueOf(c), line, col);
  }

  /** A quoted string with Hive's backslash escapes; adjacent strings concatenate, as in Hive. */
  private String string(char quote, int col) {
    StringBuilder sb = new StringBuilder();
    int startLine = line;
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new CatalogException("line " + startLine + ":" + col + ": unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == '\\' && pos < src.length()) {
        char e = src.charAt(pos++);
        sb.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
      } else if (c == quote) {
        return sb.toString();
      } else {
        if (c == '\n') {
          line++;
          lineStart = pos;
        }
        sb.append(c);
      }
    }
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (src.startsWith("--", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (src.startsWith("/*", pos)) {
        int end = src.indexOf("*/", pos + 2);
        int stop = end < 0 ? src.length() : end + 2;
        while (pos < stop) {
          if (src.charAt(pos++) == '\n') {
            line++;
            lineStart = pos;
          }
        }
      } else {
        return;
      }
    }
  }
}
