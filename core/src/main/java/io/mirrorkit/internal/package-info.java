/** Implementation details of mirrorkit's core; not API, may change in any release. */
@NullMarked
package io.mirrorkit.internal;

import org.jspecify.annotations.NullMarked;
