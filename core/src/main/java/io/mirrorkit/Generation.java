package io.mirrorkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One complete generation of a mirror that keeps generations ({@link SyncOptions#generations()}):
 * what {@code mirrorkit generations TARGET} lists.
 *
 * @param id its name in {@code TARGET/.generations/}: the UTC time it was started, {@code
 *     yyyyMMddTHHmmssZ}, with {@code -N} when two fall in one second; ids sort by age
 * @param published when it was published, or null when its record is missing
 * @param upstream the upstream it was synced from, or null
 * @param marker the SHA-256 of the upstream marker's content then, or null
 * @param files how many regular files it holds, or -1 when unknown
 * @param bytes their total size, or -1 when unknown
 * @param current whether {@code TARGET/current} points at it
 */
public record Generation(
    String id,
    @Nullable Instant published,
    @Nullable String upstream,
    @Nullable String marker,
    long files,
    long bytes,
    boolean current) {}
