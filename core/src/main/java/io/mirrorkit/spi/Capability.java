package io.mirrorkit.spi;

/**
 * What a transport can do beyond listing and fetching whole files. Core reads them: a sync that
 * asks for something the transport cannot give (a checksum compare without listed checksums, owners
 * and groups from a listing that has none) runs with one warning that says what is done instead.
 */
public enum Capability {
  /** Uses the {@link FetchRequest#basis()} file to send only changed blocks. */
  DELTA,
  /** Resumes an interrupted file with a ranged request. */
  RANGES,
  /** Gives whole-file checksums in listings when asked ({@link ListRequest#checksums()}). */
  CHECKSUMS,
  /** Applies {@link io.mirrorkit.FilterRules} on the server, so excluded trees are never listed. */
  SERVER_FILTERS,
  /** Reports symlinks as symlinks. */
  SYMLINKS,
  /** Reports hard-link groups. */
  HARD_LINKS,
  /** Reports permission bits. */
  PERMISSIONS,
  /** Reports modification times to the nanosecond. */
  NANOSECOND_TIMES,
  /** Reports owners and groups ({@link io.mirrorkit.RemoteEntry#ownership()}). */
  OWNERS
}
