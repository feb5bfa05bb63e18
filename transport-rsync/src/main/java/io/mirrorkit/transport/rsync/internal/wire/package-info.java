/**
 * The rsync wire format: little-endian integers, varints, varlongs, file indices and the
 * multiplexed frames. Facts from rsync's {@code io.c} (read, not copied).
 */
@NullMarked
package io.mirrorkit.transport.rsync.internal.wire;

import org.jspecify.annotations.NullMarked;
