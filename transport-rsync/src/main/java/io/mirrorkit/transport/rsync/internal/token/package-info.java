/**
 * The receiver side of rsync's token streams: literal data and basis block references for one file
 * after another, plain or compressed with zlibx or zstd. Facts from rsync's {@code token.c} and
 * {@code receiver.c} (read, not copied).
 */
@NullMarked
package io.mirrorkit.transport.rsync.internal.token;

import org.jspecify.annotations.NullMarked;
