/**
 * The Debian repository format ({@code deb}): {@code InRelease} or {@code Release} (+ {@code
 * Release.gpg}) of each distribution, the {@code Packages}, {@code Sources} and {@code Translation}
 * indices of the selected components and architectures, and the pool files they name.
 */
@NullMarked
package io.mirrorkit.format.deb;

import org.jspecify.annotations.NullMarked;
