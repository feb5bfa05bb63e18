/** Implementation details of mirrorkit's core; not API. */
@NullMarked
package io.mirrorkit.internal.json;

import org.jspecify.annotations.NullMarked;
