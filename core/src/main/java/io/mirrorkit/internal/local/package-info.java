/** Implementation details of mirrorkit's core; not API. */
@NullMarked
package io.mirrorkit.internal.local;

import org.jspecify.annotations.NullMarked;
