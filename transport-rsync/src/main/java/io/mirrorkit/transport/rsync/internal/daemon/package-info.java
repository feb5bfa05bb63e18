/** Implementation of mirrorkit's rsync client; not API. */
@NullMarked
package io.mirrorkit.transport.rsync.internal.daemon;

import org.jspecify.annotations.NullMarked;
