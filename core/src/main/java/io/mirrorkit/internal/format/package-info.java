/** Core's use of repository formats: reading metadata, the consistency gate, verification. */
@NullMarked
package io.mirrorkit.internal.format;

import org.jspecify.annotations.NullMarked;
