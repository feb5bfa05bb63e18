/**
 * rsync's checksums: the rolling block checksum, the strong block checksum (md4, md5, xxh64, xxh3,
 * xxh128), the whole-file checksum, the block-size rule and the sum header, and the generator's
 * block sums. Facts from rsync's {@code checksum.c}, {@code generator.c} and {@code io.c} (read,
 * not copied).
 */
@NullMarked
package io.mirrorkit.transport.rsync.internal.checksum;

import org.jspecify.annotations.NullMarked;
