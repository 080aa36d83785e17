package dev.shardwise.cli.reliability;

import java.time.Duration;

/**
 * One run of the reliability suite, as its table shows it.
 *
 * @param kind the fault kind (or {@code mixed})
 * @param seed the simulator's seed (also the fault plans')
 * @param injected faults injected as the injectors counted them, e.g. {@code errors=3 timeouts=1}
 * @param events distinct valid events sent (the ground truth)
 * @param lost page views ({@code page_views_minutely}) and events ({@code events_unique}) the views
 *     lack against the truth
 * @param doubleCounted page views and events the views hold beyond the truth
 * @param rejectsOk whether {@code rejects} holds exactly the truth's rows per reason
 * @param queue messages on the on-failure queue (expected and found)
 * @param passed the verdict
 * @param time the wall time of the run
 */
record RunRow(
    String kind,
    long seed,
    String injected,
    long events,
    String lost,
    String doubleCounted,
    boolean rejectsOk,
    String queue,
    boolean passed,
    Duration time) {

  static String header() {
    return "| fault kind | seed | faults injected (counted by the injectors) | events | lost"
        + " | double-counted | rejects ok | on-failure queue | result | time |\n"
        + "|---|---|---|---|---|---|---|---|---|---|";
  }

  String markdown() {
    return String.format(
        "| %s | %d | %s | %,d | %s | %s | %s | %s | %s | %.1f s |",
        kind,
        seed,
        injected,
        events,
        lost,
        doubleCounted,
        rejectsOk ? "yes" : "NO",
        queue,
        passed ? "pass" : "FAIL",
        time.toMillis() / 1000.0);
  }
}
