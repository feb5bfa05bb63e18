package io.mirrorkit.service;

import java.time.Instant;

/**
 * How one push to a {@link Downstream} ended, after its retries.
 *
 * @param mirror the pushing mirror
 * @param downstream the downstream's label
 * @param command what was pushed: ftpsync's words ({@code sync:stage1}, {@code sync:stage2}, {@code
 *     sync:all}, {@code sync:archive:NAME}, {@code sync:mhop})
 * @param ok whether the downstream took it and (when it answers that) synced
 * @param message the downstream's answer or the error
 * @param attempts how many tries it took
 * @param started when the first try began
 * @param finished when the last try ended
 */
public record PushResult(
    String mirror,
    String downstream,
    String command,
    boolean ok,
    String message,
    int attempts,
    Instant started,
    Instant finished) {}
