package dev.shardwise.core.window;

/**
 * Counts over one window segment. Conservation: {@code userRecords = rejects + validEvents} and
 * {@code validEvents = duplicates + countedEvents}.
 *
 * @param userRecords user records seen (a KPL aggregate counts its user records; a corrupt
 *     aggregate counts one)
 * @param rejects user records rejected (poison)
 * @param validEvents events that passed validation
 * @param duplicates valid events dropped because their {@code event_id} was already counted
 * @param countedEvents valid events added to the aggregates
 * @param lateEvents counted events whose minute was late
 * @param views counted {@code page_view} events
 */
public record WindowTotals(
    long userRecords,
    long rejects,
    long validEvents,
    long duplicates,
    long countedEvents,
    long lateEvents,
    long views) {}
