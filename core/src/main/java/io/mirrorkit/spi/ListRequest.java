package io.mirrorkit.spi;

import io.mirrorkit.FilterRules;

/**
 * What to list.
 *
 * @param filters the rules; a transport with {@link Capability#SERVER_FILTERS} applies them on the
 *     server, others may prune with them while walking (core applies them again either way)
 * @param checksums whether whole-file checksums are wanted in the entries (compare by checksum)
 */
public record ListRequest(FilterRules filters, boolean checksums) {}
