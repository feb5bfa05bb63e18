/**
 * Small programs that use mirrorkit's public API. {@link io.mirrorkit.examples.DemoSync} is the
 * sync of {@code mirrorkit demo}, written as user code; the command line itself is in {@link
 * io.mirrorkit.examples.cli}.
 */
package io.mirrorkit.examples;
