package io.mirrorkit.internal.file;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.Capability;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.spi.Transport;
import io.mirrorkit.spi.TransportProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code file://} transport: an upstream that is a local directory. The reference transport of
 * the engine's own tests, and useful for mirroring from a mounted share.
 */
public final class FileTransportProvider implements TransportProvider, Transport {
  @Override
  public String name() {
    return "file (core)";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public Transport create() {
    return this;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.RANGES,
        Capability.CHECKSUMS,
        Capability.SYMLINKS,
        Capability.HARD_LINKS,
        Capability.PERMISSIONS,
        Capability.NANOSECOND_TIMES,
        Capability.OWNERS);
  }

  @Override
  public Session open(Repository repository, SyncOptions options, SessionContext context)
      throws IOException {
    Path root;
    try {
      root = Path.of(repository.uri());
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "not a usable file:// URI: " + repository.uri() + " (" + e.getMessage() + ")", e);
    }
    if (!Files.isDirectory(root)) {
      throw new IOException(
          "upstream directory "
              + root
              + " does not exist or is not a directory ("
              + repository.uri()
              + ")");
    }
    return new FileSession(root, options, context);
  }
}
