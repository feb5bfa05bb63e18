/**
 * The {@code mirrorkit} command line ({@link io.mirrorkit.examples.cli.MirrorkitCli}), built with
 * picocli on mirrorkit's public API.
 */
package io.mirrorkit.examples.cli;
