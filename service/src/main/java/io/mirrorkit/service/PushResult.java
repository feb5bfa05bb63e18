package io.mirrorkit.service;

import java.time.Instant;

/**
 * How one push to a {@link Downstream} ended, after its retries.
 *
 * @param mirror the pushing mirror
 * @param downstream the downstream's label
 * @param command what was pushed: runmirrors' words joined by spaces ({@code sync:stage1}, {@code
 *     sync:mhop sync:stage2}, {@code sync:archive:NAME sync:all}, ...), or {@code callback:HOST}
 *     for a callback to the upstream
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
