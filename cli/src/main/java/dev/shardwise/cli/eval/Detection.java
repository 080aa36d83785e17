package dev.shardwise.cli.eval;

/**
 * One anomaly a detector reported during an evaluation run.
 *
 * @param window index of the window (minutes since the run's start) that reported it
 * @param shard the simulated shard
 * @param kind the anomaly kind ({@code device_level_shift}, ...)
 * @param key the device, page or shard
 * @param metric the metric
 */
public record Detection(int window, int shard, String kind, String key, String metric) {}
