/**
 * Arch Linux's pacman repositories: {@link io.mirrorkit.format.arch.ArchFormat} reads a
 * repository's {@code NAME.db} (the tar of {@code desc} entries {@code repo-add} writes) into the
 * packages and signatures it names.
 */
@NullMarked
package io.mirrorkit.format.arch;

import org.jspecify.annotations.NullMarked;
