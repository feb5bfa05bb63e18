/**
 * Repository formats for {@link io.mirrorkit.RepositoryFormat}: {@code deb}, {@code rpm}, {@code
 * arch}, {@code pkglist} and {@code pkgxml}, registered through {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.mirrorkit.format;

import org.jspecify.annotations.NullMarked;
