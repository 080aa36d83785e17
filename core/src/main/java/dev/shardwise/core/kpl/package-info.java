/**
 * The KPL aggregated-record codec: {@link dev.shardwise.core.kpl.AggregateBuilder} writes what the
 * Kinesis Producer Library writes, {@link dev.shardwise.core.kpl.KplDecoder} reads any Kinesis
 * record into its user records or rejects a corrupt aggregate whole. Format and decisions: {@code
 * docs/kpl-format.md}.
 */
package dev.shardwise.core.kpl;
