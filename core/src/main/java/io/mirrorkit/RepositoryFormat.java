package io.mirrorkit;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A repository format (Debian, RPM, Arch, H-Sphere's package lists): which files of a repository
 * are its metadata and what they name. Found by {@link #name()} through {@link
 * java.util.ServiceLoader} like transports ({@code mirrorkit-formats} registers {@code deb}, {@code
 * rpm}, {@code arch}, {@code pkglist} and {@code pkgxml}).
 *
 * <p>A sync with a format uses it three ways: as a gate (metadata is published only when every file
 * it names is in the new tree, whole), as the plan of an index-driven sync (the metadata and the
 * files it names, nothing else), and to verify a mirror ({@link MirrorVerifier}). Implementations
 * are thread-safe and stateless.
 */
public interface RepositoryFormat {
  /** The name users give ({@code --format deb}). */
  String name();

  /**
   * Reads the repository's metadata under {@code selection}: opens the root indices, checks each
   * index it reads against the checksums its parent gives, and names every file of the selection.
   * Reads compressed indices streaming and in bounded memory.
   *
   * @param keyring OpenPGP public keys the metadata's signatures must verify against, or null to
   *     read without checking signatures
   * @throws MetadataException if the metadata is missing, malformed, does not match its parent's
   *     checksums or its signature does not verify (the message names the file)
   */
  RepositoryIndex read(RepositoryFiles files, Selection selection, @Nullable Path keyring)
      throws IOException;
}
