/**
 * A native {@code rsync://} client for mirrorkit: the rsync daemon protocol (versions 30 to 32)
 * spoken in Java, with delta transfer and compression, found by {@link java.util.ServiceLoader} for
 * the {@code rsync} scheme. See {@link io.mirrorkit.transport.rsync.RsyncOptions} for its settings.
 */
@NullMarked
package io.mirrorkit.transport.rsync;

import org.jspecify.annotations.NullMarked;
