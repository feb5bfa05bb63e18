/**
 * Mirrors into S3-compatible object storage: {@link io.mirrorkit.store.s3.S3StoreProvider} serves
 * {@code s3://bucket/prefix/} targets of {@link io.mirrorkit.SyncEngine}, configured by {@link
 * io.mirrorkit.store.s3.S3Options}.
 *
 * <p>Layout: the file {@code a/b.txt} of the upstream is the object {@code prefix/a/b.txt}. Its
 * upstream modification time and permissions are kept in the object's metadata ({@code
 * x-amz-meta-mirrorkit-mtime}, {@code -mode}); a symbolic link is a small object whose content is
 * the link's target, marked {@code x-amz-meta-mirrorkit-symlink: true}; a hard link is a
 * server-side copy of its group's first file. The store's own objects (a lock with a lease, the
 * state of the last good sync, a manifest that caches each object's metadata so that a rerun lists
 * and does not HEAD every object) are kept under {@code .mirrorkit/prefix/}, outside the published
 * prefix. An object appears under its final key only when it is whole (one PUT, or a completed
 * multipart upload); last-stage files (a format's metadata) are written after all data, and
 * deletions after both.
 */
@NullMarked
package io.mirrorkit.store.s3;

import org.jspecify.annotations.NullMarked;
