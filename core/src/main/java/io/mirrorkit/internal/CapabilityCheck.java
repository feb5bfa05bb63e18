package io.mirrorkit.internal;

import io.mirrorkit.CompareMode;
import io.mirrorkit.Preserve;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a sync asks of its transport that the transport's {@link Capability capabilities} cannot
 * give: decided once, in core, with one warning each that says what is done instead.
 */
final class CapabilityCheck {
  private CapabilityCheck() {}

  /** Warns about each request {@code capabilities} cannot honour. */
  static void check(
      Repository upstream,
      SyncOptions options,
      Set<Capability> capabilities,
      Consumer<String> warn) {
    String scheme = upstream.scheme() + "://";
    if (options.compareMode() == CompareMode.CHECKSUM
        && !capabilities.contains(Capability.CHECKSUMS)) {
      warn.accept(
          "--checksum: "
              + scheme
              + " listings carry no checksums, so files are compared by size and time");
    }
    if ((options.preserves(Preserve.OWNER) || options.preserves(Preserve.GROUP))
        && !capabilities.contains(Capability.OWNERS)) {
      warn.accept(
          "owners and groups (-o/-g) cannot be mirrored from "
              + scheme
              + ": its listings have none; the files belong to the user that syncs");
    }
  }
}
