/**
 * mirrorkit's public API: {@link io.mirrorkit.SyncEngine} and the values it takes and returns.
 *
 * <p>Everything in {@code io.mirrorkit.internal} is implementation detail and may change in any
 * release.
 */
@NullMarked
package io.mirrorkit;

import org.jspecify.annotations.NullMarked;
