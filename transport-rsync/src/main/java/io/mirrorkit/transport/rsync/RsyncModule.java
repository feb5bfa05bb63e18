package io.mirrorkit.transport.rsync;

/**
 * A module an rsync daemon lists.
 *
 * @param name the module's name, as used in {@code rsync://host/name/}
 * @param comment the daemon's comment for it, maybe empty
 */
public record RsyncModule(String name, String comment) {}
