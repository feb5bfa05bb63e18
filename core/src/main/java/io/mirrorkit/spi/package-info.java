/**
 * The service-provider interface for transport authors: a {@link
 * io.mirrorkit.spi.TransportProvider} found through {@link java.util.ServiceLoader} by URI scheme
 * creates a {@link io.mirrorkit.spi.Transport}, which opens {@link io.mirrorkit.spi.Session}s that
 * list an upstream and fetch batches of files into a {@link io.mirrorkit.spi.FetchSink}.
 *
 * <p>A transport only lists and fetches. Everything that decides what changes on disk (the plan,
 * staging, verification, renames, deletes, guards, locks, state) belongs to core, once for all
 * transports: a transport never writes into the mirror by itself.
 */
@NullMarked
package io.mirrorkit.spi;

import org.jspecify.annotations.NullMarked;
