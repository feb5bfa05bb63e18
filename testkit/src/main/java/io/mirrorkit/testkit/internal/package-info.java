/**
 * Implementation helpers of the testkit. Not part of the public API: anything here may change
 * without notice.
 */
@NullMarked
package io.mirrorkit.testkit.internal;

import org.jspecify.annotations.NullMarked;
