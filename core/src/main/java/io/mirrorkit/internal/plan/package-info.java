/** Implementation details of mirrorkit's core; not API. */
@NullMarked
package io.mirrorkit.internal.plan;

import org.jspecify.annotations.NullMarked;
