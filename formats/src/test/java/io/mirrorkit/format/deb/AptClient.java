package io.mirrorkit.format.deb;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code apt-get} with a configuration of its own in a temporary directory (state, cache,
 * sources, trusted key; no lock, no sandbox user, architecture amd64), pointed at one archive with
 * {@code signed-by} a throwaway key: nothing of the host's apt setup is read or changed.
 */
final class AptClient {
  private final Path dir;

  private AptClient(Path dir) {
    this.dir = dir;
  }

  /**
   * A client of {@code archive} (the archive root URI), distribution {@code dist}, {@code
   * components}, trusting only {@code key} (a binary OpenPGP key file). Skips the test without apt.
   */
  static AptClient of(Path dir, URI archive, String dist, String components, Path key)
      throws IOException {
    Interop.requireProgram("apt-get", "apt");
    for (String d : List.of("state/lists/partial", "cache/archives/partial", "etc", "downloads")) {
      Files.createDirectories(dir.resolve(d));
    }
    Files.writeString(dir.resolve("status"), "");
    Files.writeString(
        dir.resolve("sources.list"),
        "deb [signed-by=" + key + "] " + archive + " " + dist + " " + components + "\n");
    Files.copy(key, dir.resolve("trusted.gpg"));
    return new AptClient(dir);
  }

  /** {@code apt-get update}; its result whatever the exit code. */
  Command.Result update() throws IOException {
    return apt(dir, "update");
  }

  /**
   * {@code apt-get download pkg} into a directory of its own; the result whatever the exit code.
   */
  Command.Result download(String pkg) throws IOException {
    return apt(dir.resolve("downloads"), "download", pkg);
  }

  /** Where {@link #download} puts packages. */
  Path downloads() {
    return dir.resolve("downloads");
  }

  private Command.Result apt(Path cwd, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-q"));
    for (String o :
        List.of(
            "Dir=" + dir,
            "Dir::State=" + dir.resolve("state"),
            "Dir::State::status=" + dir.resolve("status"),
            "Dir::Cache=" + dir.resolve("cache"),
            "Dir::Etc=" + dir.resolve("etc"),
            "Dir::Etc::sourcelist=" + dir.resolve("sources.list"),
            "Dir::Etc::sourceparts=-",
            "Dir::Etc::trusted=" + dir.resolve("trusted.gpg"),
            "Dir::Etc::trustedparts=-",
            "Debug::NoLocking=1",
            "APT::Architecture=amd64",
            "APT::Architectures=amd64",
            "APT::Sandbox::User=root",
            // as a user with an English locale (C fetches no translations)
            "Acquire::Languages=en")) {
      argv.add("-o");
      argv.add(o);
    }
    argv.addAll(List.of(args));
    return Command.of(argv).directory(cwd).timeout(Duration.ofMinutes(2)).run();
  }
}
