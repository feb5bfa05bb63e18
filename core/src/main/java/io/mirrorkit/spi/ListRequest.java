package io.mirrorkit.spi;

import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import java.util.function.Predicate;

/**
 * What to list.
 *
 * @param filters the rules; a transport with {@link Capability#SERVER_FILTERS} applies them on the
 *     server, others may prune with them while walking (core applies them again either way)
 * @param checksums whether whole-file checksums are wanted in the entries (compare by checksum)
 * @param validated the files whose local copy core holds an upstream validator for: a transport
 *     that would ask the upstream for each file's size and time because its listing lacks them
 *     (HTTP {@code HEAD}) may leave them unknown for these; core then fetches them with the
 *     validator ({@link FetchRequest#validator()}), and the upstream sends only what changed
 */
public record ListRequest(FilterRules filters, boolean checksums, Predicate<MirrorPath> validated) {
  /** A request without validated files. */
  public ListRequest(FilterRules filters, boolean checksums) {
    this(filters, checksums, p -> false);
  }
}
