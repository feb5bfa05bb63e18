/** Implementation details of mirrorkit's core; not API. */
@NullMarked
package io.mirrorkit.internal.file;

import org.jspecify.annotations.NullMarked;
