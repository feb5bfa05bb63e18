package io.mirrorkit.service;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A mirror config that cannot be used: a TOML syntax error, an unknown key or a bad value. The
 * message starts with {@code FILE:LINE:} and names the key, as a compiler's does, so that an
 * operator finds the place at once. Thrown by {@link MirrorConfig#load} before anything runs.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final @Nullable String key;

  /**
   * @param file the config file
   * @param line the 1-based line, or 0 when unknown
   * @param key the dotted key at fault ({@code mirrors.centos.bwlimit}), or null
   * @param problem what is wrong and what to do
   */
  public ConfigException(Path file, int line, @Nullable String key, String problem) {
    super(
        file
            + ":"
            + (line > 0 ? line + ":" : "")
            + " "
            + (key == null ? "" : key + ": ")
            + problem);
    this.file = file;
    this.line = line;
    this.key = key;
  }

  /** The config file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the fault, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The dotted key at fault, or null (a syntax error). */
  public @Nullable String key() {
    return key;
  }
}
