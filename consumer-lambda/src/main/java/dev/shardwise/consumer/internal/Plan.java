package dev.shardwise.consumer.internal;

import dev.shardwise.consumer.TransientFailureException;
import dev.shardwise.consumer.metrics.InvocationMetrics;
import dev.shardwise.core.window.WindowState;
import java.util.List;

/**
 * The pure result of running a batch's records: the effects in record order, the window state at
 * the end (null after a close at the end), and the counts.
 *
 * @param steps effects, in record order
 * @param end the state after the records (valid only when {@code stoppedAt} is -1)
 * @param stoppedAt index of the record where planning stopped because a dependency was unavailable,
 *     or -1
 * @param stopCause why it stopped, or null
 * @param counts per-record counts of the planned records
 */
public record Plan(
    List<Step> steps,
    WindowState end,
    int stoppedAt,
    TransientFailureException stopCause,
    InvocationMetrics counts) {}
