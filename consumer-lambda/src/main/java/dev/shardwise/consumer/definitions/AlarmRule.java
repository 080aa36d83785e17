package dev.shardwise.consumer.definitions;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A composite alarm's rule, parsed: {@code ALARM(name)}, {@code OK(name)}, {@code
 * INSUFFICIENT_DATA(name)}, {@code TRUE}, {@code FALSE}, combined with {@code AND}, {@code OR},
 * {@code NOT} and parentheses, as {@code PutCompositeAlarm} accepts them. Names may be in double
 * quotes. {@code NOT} binds tightest, then {@code AND}, then {@code OR}.
 */
public sealed interface AlarmRule {

  /** The states a rule function tests. */
  enum State {
    OK,
    ALARM,
    INSUFFICIENT_DATA
  }

  /** {@code ALARM(name)} and friends: true when the named alarm is in {@code state}. */
  record InState(State state, String alarmName) implements AlarmRule {}

  /** {@code TRUE} or {@code FALSE}. */
  record Constant(boolean value) implements AlarmRule {}

  record Not(AlarmRule operand) implements AlarmRule {}

  record And(AlarmRule left, AlarmRule right) implements AlarmRule {}

  record Or(AlarmRule left, AlarmRule right) implements AlarmRule {}

  /** Evaluates the rule with each alarm's current state. */
  default boolean test(Function<String, State> stateOf) {
    if (this instanceof InState s) {
      return stateOf.apply(s.alarmName()) == s.state();
    }
    if (this instanceof Constant c) {
      return c.value();
    }
    if (this instanceof Not n) {
      return !n.operand().test(stateOf);
    }
    if (this instanceof And a) {
      return a.left().test(stateOf) && a.right().test(stateOf);
    }
    Or o = (Or) this;
    return o.left().test(stateOf) || o.right().test(stateOf);
  }

  /** The alarm names the rule mentions, in order of first mention. */
  default Set<String> alarmNames() {
    Set<String> out = new LinkedHashSet<>();
    collect(this, out);
    return out;
  }

  private static void collect(AlarmRule r, Set<String> out) {
    if (r instanceof InState s) {
      out.add(s.alarmName());
    } else if (r instanceof Not n) {
      collect(n.operand(), out);
    } else if (r instanceof And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (r instanceof Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    }
  }

  /**
   * Parses a rule.
   *
   * @throws IllegalArgumentException with the position and what was expected
   */
  static AlarmRule parse(String text) {
    return new Parser(text).parseAll();
  }

  /** Recursive descent over the rule text. */
  final class Parser {
    private final String s;
    private int i;

    private Parser(String s) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("the rule is empty");
      }
      this.s = s;
    }

    AlarmRule parseAll() {
      AlarmRule r = or();
      skipSpace();
      if (i < s.length()) {
        throw error("unexpected '" + s.charAt(i) + "'");
      }
      return r;
    }

    private AlarmRule or() {
      AlarmRule left = and();
      while (keyword("OR")) {
        left = new Or(left, and());
      }
      return left;
    }

    private AlarmRule and() {
      AlarmRule left = unary();
      while (keyword("AND")) {
        left = new And(left, unary());
      }
      return left;
    }

    private AlarmRule unary() {
      if (keyword("NOT")) {
        return new Not(unary());
      }
      skipSpace();
      if (peek('(')) {
        i++;
        AlarmRule inner = or();
        expect(')');
        return inner;
      }
      if (keyword("TRUE")) {
        return new Constant(true);
      }
      if (keyword("FALSE")) {
        return new Constant(false);
      }
      for (State st : new State[] {State.INSUFFICIENT_DATA, State.ALARM, State.OK}) {
        if (keyword(st.name())) {
          expect('(');
          String name = name();
          expect(')');
          return new InState(st, name);
        }
      }
      throw error("expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), TRUE, FALSE, NOT or (");
    }

    private String name() {
      skipSpace();
      int start;
      String name;
      if (peek('"')) {
        start = ++i;
        while (i < s.length() && s.charAt(i) != '"') {
          i++;
        }
        if (i >= s.length()) {
          throw error("unterminated quoted alarm name");
        }
        name = s.substring(start, i++);
      } else {
        start = i;
        while (i < s.length() && s.charAt(i) != ')') {
          i++;
        }
        name = s.substring(start, i).strip();
      }
      if (name.isEmpty()) {
        throw error("empty alarm name");
      }
      return name;
    }

    private boolean keyword(String word) {
      skipSpace();
      int end = i + word.length();
      if (s.startsWith(word, i)
          && (end >= s.length()
              || !(Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_'))) {
        i = end;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      skipSpace();
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("rule at character " + (i + 1) + ": " + what);
    }
  }
}
