/**
 * The rsync file list as a non-incremental receiver sees it (protocols 30 to 32): {@link
 * io.mirrorkit.transport.rsync.internal.flist.FileListReader} decodes the entries the sender
 * transmits, {@link io.mirrorkit.transport.rsync.internal.flist.FileList} sorts them the way rsync
 * does (later file indices refer to that order) and turns them into mirrorkit's {@link
 * io.mirrorkit.RemoteEntry} model.
 *
 * <p>Facts about the format come from rsync's {@code flist.c}, {@code hlink.c} and {@code rsync.h}
 * (read for the facts, not copied) and from captures of rsync 3.2.7 and 3.5.0 daemons.
 */
@NullMarked
package io.mirrorkit.transport.rsync.internal.flist;

import org.jspecify.annotations.NullMarked;
