package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of the service's commands ({@code run}, {@code service}, …). */
final class ConfigOption {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The mirror config (TOML).")
  Path file;

  /** The config, with the CLI's transport flags as keys. */
  MirrorConfig load() throws IOException {
    return MirrorConfig.load(file, TransportKeys.INSTANCE);
  }

  @Override
  public String toString() {
    return String.valueOf(file);
  }
}
