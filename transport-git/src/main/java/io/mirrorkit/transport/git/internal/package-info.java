/** The git engine's implementation: not API, may change in any release. */
@NullMarked
package io.mirrorkit.transport.git.internal;

import org.jspecify.annotations.NullMarked;
