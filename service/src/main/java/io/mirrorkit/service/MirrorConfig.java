package io.mirrorkit.service;

import io.mirrorkit.service.internal.ConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * A mirror host's config: one TOML file with {@code [service]} (the control API, the parallel
 * limit, the state directory), {@code [defaults]} (keys every mirror gets unless it sets them) and
 * one {@code [mirrors.NAME]} table per mirror, and optionally {@code [rsyncd]} to serve mirrors to
 * rsync clients ({@link RsyncdSection}). Keys are the {@code sync} flags without dashes ({@link
 * SyncKeys}) plus the service's own ({@code source}, {@code target}, {@code marker}, {@code
 * schedule}, {@code jitter}, {@code stage}, {@code preset}, {@code trace}, {@code hooks}, ...; see
 * the README's config reference).
 *
 * <p>{@link #load} checks everything at once: a syntax error, an unknown key or a bad value throws
 * {@link ConfigException} with the file, line and key. Relative paths are taken against the
 * config's directory. Passwords come from {@code password_file} or {@code password_env}, never from
 * the file itself, and are never shown. Immutable and thread-safe.
 */
public final class MirrorConfig {
  private final Path file;
  private final SyncKeys.Extension extension;
  private final ServiceSettings service;
  private final List<MirrorDefinition> mirrors;
  private final @Nullable RsyncdSection rsyncd;

  /**
   * The {@code [service]} table.
   *
   * @param listen the control API's {@code host:port} (default {@code 127.0.0.1:8873})
   * @param tokenFile the bearer token's file, or null for no control API
   * @param parallel how many mirrors sync at once (default 2)
   * @param stateDirectory where the service keeps each mirror's status
   * @param logFile where the service logs, or null for stderr
   * @param grace how long a stop waits for running syncs (default 30 s)
   * @param zone the time zone of the schedules (default the system's)
   * @param waitTimeout how long the control API holds a {@code wait=true} (or {@code mhop=true})
   *     request for its run before it answers 202 with the run still going ({@code wait_timeout},
   *     default 6 h)
   */
  public record ServiceSettings(
      String listen,
      @Nullable Path tokenFile,
      int parallel,
      Path stateDirectory,
      @Nullable Path logFile,
      Duration grace,
      ZoneId zone,
      Duration waitTimeout) {}

  private MirrorConfig(
      Path file,
      ServiceSettings service,
      List<MirrorDefinition> mirrors,
      @Nullable RsyncdSection rsyncd,
      SyncKeys.Extension extension) {
    this.extension = extension;
    this.rsyncd = rsyncd;
    this.file = file;
    this.service = service;
    this.mirrors = List.copyOf(mirrors);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws IOException if it cannot be read
   * @throws ConfigException if it is not a valid config (file, line and key in the message)
   */
  public static MirrorConfig load(Path file) throws IOException {
    return load(file, SyncKeys.Extension.NONE);
  }

  /**
   * Reads and checks {@code file}, which may also use {@code extension}'s keys (the command line's
   * transport options).
   */
  public static MirrorConfig load(Path file, SyncKeys.Extension extension) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file, extension);
  }

  /** Checks {@code text} as the content of {@code file} (for relative paths and messages). */
  public static MirrorConfig parse(String text, Path file) {
    return parse(text, file, SyncKeys.Extension.NONE);
  }

  /** Checks {@code text} as the content of {@code file}, with {@code extension}'s keys. */
  public static MirrorConfig parse(String text, Path file, SyncKeys.Extension extension) {
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      var e = toml.errors().get(0);
      throw new ConfigException(file, e.position().line(), null, e.getMessage());
    }
    ConfigReader.Parts parts = new ConfigReader(file.toAbsolutePath(), toml, extension).read();
    return new MirrorConfig(
        file.toAbsolutePath(), parts.service(), parts.mirrors(), parts.rsyncd(), extension);
  }

  /** The keys beyond core's that this config was read with; a reload reads with them too. */
  public SyncKeys.Extension extension() {
    return extension;
  }

  /** The config file. */
  public Path file() {
    return file;
  }

  /** The {@code [service]} settings. */
  public ServiceSettings service() {
    return service;
  }

  /** The mirrors, in file order. */
  public List<MirrorDefinition> mirrors() {
    return mirrors;
  }

  /** The {@code [rsyncd]} section, or null when the service serves nothing over rsync. */
  public @Nullable RsyncdSection rsyncd() {
    return rsyncd;
  }

  /** The mirror called {@code name}, or null. */
  public @Nullable MirrorDefinition mirror(String name) {
    return mirrors.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }
}
