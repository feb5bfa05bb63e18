/** Trees, tree comparison and upstreams for tests of mirroring code. */
@NullMarked
package io.mirrorkit.testkit;

import org.jspecify.annotations.NullMarked;
