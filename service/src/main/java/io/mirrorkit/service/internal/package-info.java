/** The service's parts behind its public API; not API. */
@NullMarked
package io.mirrorkit.service.internal;

import org.jspecify.annotations.NullMarked;
