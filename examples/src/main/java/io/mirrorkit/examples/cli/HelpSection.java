package io.mirrorkit.examples.cli;

/**
 * A mixin whose options {@link Transports#addHelpSections} shows in a help section of their own,
 * after the main option list: the transport options ({@link TransportFlags}) and the
 * rsync-compatible ones ({@link RsyncFlags}).
 */
interface HelpSection {
  /** The heading of the section, such as {@code HTTP options}. */
  String heading();
}
