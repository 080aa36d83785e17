package dev.shardwise.local.s3;

import java.time.Instant;

/** A bucket's name, creation time and region ({@code null} for the default, us-east-1). */
public record BucketInfo(String name, Instant creationDate, String region) {}
