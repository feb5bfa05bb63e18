/** Implementation of mirrorkit's HTTP transport; not API. */
@NullMarked
package io.mirrorkit.transport.http.internal;

import org.jspecify.annotations.NullMarked;
