/** Kinesis arithmetic without the AWS SDK: hash keys. */
package dev.shardwise.core.kinesis;
